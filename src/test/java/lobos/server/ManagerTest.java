package lobos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manager with HTTP only (no DHCP, no TFTP), on 127.0.0.1: files, the node API, reloading the node file. */
class ManagerTest {
    static final String NODE = """
            server:
              http: 127.0.0.1:0
              tftp: off
              files: files
              tftp-root: ipxe
            loader:
              kernel: loader/vmlinuz
              initrd: loader/initramfs.cpio
              cmdline: console=ttyS0
            profiles:
              debian:
                kernel: debian/vmlinuz
                initrds: [debian/initrd.img]
                cmdline: console=ttyS0 ip=${ip} host=${hostname}
              rescue: {kernel: debian/vmlinuz, cmdline: rescue}
            nodes:
              - {name: node-1, mac: "52:54:00:00:00:01", profile: debian}
            """;

    @TempDir
    Path dir;

    final List<String> log = new CopyOnWriteArrayList<>();
    Manager manager;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    byte[] kernel = new byte[3 << 20];

    @BeforeEach
    void start() throws IOException {
        new Random(1).nextBytes(kernel);
        Files.createDirectories(dir.resolve("files/debian"));
        Files.createDirectories(dir.resolve("loader"));
        Files.createDirectories(dir.resolve("ipxe"));
        Files.write(dir.resolve("files/debian/vmlinuz"), kernel);
        Files.writeString(dir.resolve("files/debian/initrd.img"), "initrd");
        Files.writeString(dir.resolve("loader/vmlinuz"), "loader kernel");
        Files.writeString(dir.resolve("loader/initramfs.cpio"), "loader initrd");
        Files.writeString(dir.resolve("secret"), "not served");
        Files.createSymbolicLink(dir.resolve("files/escape"), dir.resolve("secret"));
        Files.writeString(dir.resolve("server.yaml"), NODE);
        manager = Manager.start(dir.resolve("server.yaml"), log::add);
    }

    @AfterEach
    void stop() {
        if (manager != null) manager.close();
    }

    String base() {
        return "http://127.0.0.1:" + manager.httpPort();
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base() + path));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aKnownNodesBootRequestGetsItsProfileWithUrlsOfThisServer() throws Exception {
        var r = get("/v1/boot?mac=52%3A54%3A00%3A00%3A00%3A01&arch=x86_64&version=0.1.0&ip=192.0.2.11&link=eth0");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("debian='" + base() + "/files/debian/vmlinuz initrd=" + base()
                + "/files/debian/initrd.img console=ttyS0 ip=192.0.2.11 host=node-1'\n");
        var n = manager.store().node("node-1").orElseThrow();
        assertThat(n.ip()).isEqualTo("192.0.2.11");
        assertThat(n.version()).isEqualTo("0.1.0");
        assertThat(n.state()).isEqualTo("boot-request");
        assertThat(manager.store().events(n.mac(), 10).getFirst().detail()).isEqualTo("status=200 profile debian of node node-1");
        assertThat(get("/v1/boot?mac=52%3A54%3A00%3A00%3A00%3A09").statusCode()).isEqualTo(404);
        assertThat(get("/v1/boot?mac=nonsense").statusCode()).isEqualTo(400);
        assertThat(log).contains("refused boot request from 127.0.0.1: mac=nonsense is not a MAC address");
        assertThat(manager.store().nodes()).hasSize(1); // the unknown and the malformed request stored nothing
    }

    @Test
    void filesWithRangesAndNothingOutsideTheRoots() throws Exception {
        var whole = get("/files/debian/vmlinuz");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(kernel);
        var part = get("/files/debian/vmlinuz", "Range", "bytes=1000-1999");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 1000-1999/" + kernel.length);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(kernel, 1000, 2000));
        var tail = get("/files/debian/vmlinuz", "Range", "bytes=-10");
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(kernel, kernel.length - 10, kernel.length));
        assertThat(text(get("/loader/vmlinuz"))).isEqualTo("loader kernel");
        assertThat(get("/loader/secret").statusCode()).isEqualTo(404);
        assertThat(get("/files/escape").statusCode()).isEqualTo(403);
        assertThat(rawStatus("GET /files/../secret HTTP/1.1")).isIn(400, 403, 404);
        assertThat(rawStatus("GET /files/debian/%2e%2e/%2e%2e/secret HTTP/1.1")).isIn(400, 403, 404);
        assertThat(get("/files/debian").statusCode()).isEqualTo(403);
        assertThat(log).anyMatch(l -> l.startsWith("refused GET /files/escape from 127.0.0.1: outside the served roots: it leads outside"));
        assertThat(String.join("\n", log)).doesNotContain("not served");
    }

    private int rawStatus(String requestLine) throws IOException {
        try (Socket s = new Socket("127.0.0.1", manager.httpPort())) {
            s.getOutputStream().write((requestLine + "\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(reply).doesNotContain("not served");
            return Integer.parseInt(reply.substring(9, 12));
        }
    }

    @Test
    void theLoadersEventsAndConsoleLogAreKeptInOrderAndUnknownNodesRefused() throws Exception {
        String mac = "mac=52%3A54%3A00%3A00%3A00%3A01";
        assertThat(send("POST", "/v1/events", mac + "&type=dhcp-bound&ip=192.0.2.11&how=from+dhcp&seconds=0.4").statusCode()).isEqualTo(204);
        assertThat(send("POST", "/v1/events", mac + "&type=kernel-fetched&url=http%3A%2F%2Fx%2Fk&bytes=8388608&seconds=1.5").statusCode())
                .isEqualTo(204);
        assertThat(send("POST", "/v1/log?" + mac, "lobos 0.1.0\nbooting debian\n").statusCode()).isEqualTo(204);
        assertThat(send("POST", "/v1/events", "mac=52%3A54%3A00%3A00%3A00%3A09&type=kexec").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/v1/events", mac + "&type=Bad%20Type").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/v1/events", mac + "&type=x&pad=" + "y".repeat(70_000)).statusCode()).isEqualTo(413);
        var events = manager.store().events("52:54:00:00:00:01", 10);
        assertThat(events).extracting(e -> e.type() + " " + e.detail()).containsExactly("dhcp-bound how=\"from dhcp\" seconds=0.4",
                "kernel-fetched url=http://x/k bytes=8388608 seconds=1.5", "console-log bytes=27");
        assertThat(manager.store().consoleLog("52:54:00:00:00:01").orElseThrow().text()).isEqualTo("lobos 0.1.0\nbooting debian\n");
        assertThat(manager.store().node("52:54:00:00:00:09")).isEmpty();
        String node = text(get("/v1/nodes/node-1"));
        assertThat(node).contains("\"ip\": \"192.0.2.11\"", "\"type\": \"kernel-fetched\"", "booting debian", "\"profile\": \"debian\"");
        assertThat(text(get("/v1/nodes"))).contains("\"mac\": \"52:54:00:00:00:01\"", "\"type\": \"dhcp-bound\"");
    }

    @Test
    void theNextBootOverrideServesOneBoot() throws Exception {
        assertThat(send("PUT", "/v1/nodes/node-1/next-boot", "rescue").statusCode()).isEqualTo(204);
        assertThat(send("PUT", "/v1/nodes/node-1/next-boot", "nothing").statusCode()).isEqualTo(400);
        String q = "/v1/boot?mac=52%3A54%3A00%3A00%3A00%3A01&ip=192.0.2.11";
        assertThat(text(get(q))).startsWith("rescue=").endsWith(" rescue'\n");
        assertThat(text(get(q))).startsWith("debian=");
    }

    @Test
    void theIpxeScriptStartsTheLoaderWithTheManagersUrl() throws Exception {
        var r = get("/v1/ipxe?mac=52%3A54%3A00%3A00%3A00%3A01");
        assertThat(text(r)).isEqualTo("#!ipxe\necho lobos server: starting the lobos loader on ${net0/mac}\n"
                + "kernel " + base() + "/loader/vmlinuz initrd=initrd console=ttyS0 lobos.server=" + base() + "/v1/boot\n"
                + "initrd --name initrd " + base() + "/loader/initramfs.cpio\nboot\n");
        assertThat(manager.store().node("node-1").orElseThrow().state()).isEqualTo("ipxe");
    }

    @Test
    void aChangedNodeFileIsReadAgainAndABrokenOneKeepsTheLastGood() throws Exception {
        String q = "/v1/boot?mac=52%3A54%3A00%3A00%3A00%3A01&ip=192.0.2.11";
        Path file = dir.resolve("server.yaml");
        Files.writeString(file, NODE.replace("profile: debian}", "profile: local}"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(manager.reload()).isTrue();
        assertThat(get(q).statusCode()).isEqualTo(204);
        Files.writeString(file, NODE.replace("profile: debian}", "profile: nothing}"));
        assertThat(manager.reload()).isFalse();
        assertThat(log).contains("the node file does not parse, keeping the last good one: " + file + ":17: no profile nothing");
        assertThat(get(q).statusCode()).isEqualTo(204);
        // the watcher reads a change by itself
        Files.writeString(file, NODE);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (get(q).statusCode() != 200) {
            assertThat(System.nanoTime()).as("reloaded in time; log " + log).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
