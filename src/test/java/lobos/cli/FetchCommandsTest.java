package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lobos.tftp.RootDirectory;
import lobos.tftp.TftpServer;
import lobos.tftp.TftpServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lobos fetch, ls and cat on this machine: local paths, and TFTP from lobos's server on 127.0.0.1. */
class FetchCommandsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter stderr = new StringWriter();
    private PrintStream saved;
    private TftpServer server;

    @BeforeEach
    void setUp() throws Exception {
        saved = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        Files.createDirectories(dir.resolve("srv/boot"));
        Files.write(dir.resolve("srv/boot/vmlinuz"), "kernel bytes".repeat(5000).getBytes(StandardCharsets.US_ASCII));
        server = TftpServer.start(TftpServerConfig.on(new InetSocketAddress("127.0.0.1", 0)),
                new RootDirectory(dir.resolve("srv")));
    }

    @AfterEach
    void tearDown() {
        System.setOut(saved);
        server.close();
    }

    private int run(String... args) {
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(stderr, true));
        return cl.execute(args);
    }

    private String url(String path) {
        return "tftp://127.0.0.1:" + server.address().getPort() + path;
    }

    @Test
    void fetchWritesTheFileAndReportsItsChecksum() throws Exception {
        Path dest = dir.resolve("out/vmlinuz");
        Files.createDirectories(dest.getParent());
        assertThat(run("fetch", "--json", url("/boot/vmlinuz"), dest.toString())).isEqualTo(Main.OK);
        byte[] expected = Files.readAllBytes(dir.resolve("srv/boot/vmlinuz"));
        assertThat(dest).hasBinaryContent(expected);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(expected));
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"bytes\": " + expected.length, "\"sha256\": \"" + sha + "\"");
        assertThat(dir.resolve("out")).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void aMissingFileOrAWrongChecksumLeavesNothingBehind() throws Exception {
        Path dest = dir.resolve("nothing");
        assertThat(run("fetch", url("/boot/nope"), dest.toString())).isEqualTo(Main.FAILED);
        assertThat(stderr.toString()).contains("no file boot/nope");
        assertThat(run("fetch", url("/boot/vmlinuz#sha256=" + "0".repeat(64)), dest.toString())).isEqualTo(Main.FAILED);
        assertThat(stderr.toString()).contains("expected " + "0".repeat(64));
        assertThat(dest).doesNotExist();
        assertThat(dir).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void catAndLsWorkOnLocalPaths() throws Exception {
        Files.writeString(dir.resolve("srv/boot/message"), "hello\n");
        assertThat(run("cat", "/" + dir.resolve("srv/boot/message"))).isEqualTo(Main.OK);
        assertThat(run("ls", dir.resolve("srv").toString())).isEqualTo(Main.OK);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("hello\nboot/\n");
        assertThat(run("ls", url("/boot/"))).isEqualTo(Main.FAILED);
        assertThat(stderr.toString()).contains("tftp cannot list directories");
    }

    @Test
    void fetchesOverHttpWithTheSizeCheck() throws Exception {
        byte[] body = "kernel bytes".getBytes(StandardCharsets.US_ASCII);
        var http = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        http.createContext("/k", e -> { // a context matches by prefix: /k.sha256 must be a 404
            boolean exact = e.getRequestURI().getPath().equals("/k");
            e.sendResponseHeaders(exact ? 200 : 404, exact ? body.length : -1);
            try (var o = e.getResponseBody()) {
                if (exact) o.write(body);
            }
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/k";
            assertThat(run("fetch", "--quiet", url, dir.resolve("k").toString())).isEqualTo(Main.OK);
            assertThat(dir.resolve("k")).hasBinaryContent(body);
            assertThat(run("fetch", "--quiet", "--max-size", "5", url, dir.resolve("k2").toString())).isEqualTo(Main.FAILED);
            assertThat(stderr.toString()).contains("is " + body.length + " bytes, more than the 5 this fetch may take");
            assertThat(dir.resolve("k2")).doesNotExist();
        } finally {
            http.stop(0);
        }
    }

    /** Issue 8: fetch wrote through a symbolic link planted at DEST.part, so root could overwrite any file. */
    @Test
    void aLinkPlantedAtThePartFileOrAtDestIsNeverWrittenThrough() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Path dest = dir.resolve("out");
        Files.createSymbolicLink(dir.resolve("out.part"), victim);
        assertThat(run("fetch", "--quiet", url("/boot/vmlinuz"), dest.toString())).isEqualTo(Main.OK);
        assertThat(victim).hasContent("precious");
        assertThat(dest).hasBinaryContent(Files.readAllBytes(dir.resolve("srv/boot/vmlinuz")));

        Path linked = dir.resolve("linked");
        Files.createSymbolicLink(linked, victim);
        assertThat(run("fetch", "--quiet", url("/boot/vmlinuz"), linked.toString())).isEqualTo(Main.OK);
        assertThat(victim).hasContent("precious");
        assertThat(Files.isSymbolicLink(linked)).as("the link itself was replaced").isFalse();
        assertThat(linked).hasBinaryContent(Files.readAllBytes(dir.resolve("srv/boot/vmlinuz")));
        assertThat(Files.isSymbolicLink(dir.resolve("out.part"))).as("not ours: left alone").isTrue();
    }

    /** The same for a local file copied, and for lobos tftp get. */
    @Test
    void copiesAndTftpGetAreWrittenSafelyToo() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Path dest = dir.resolve("copy");
        Files.createSymbolicLink(dir.resolve("copy.part"), victim);
        assertThat(run("fetch", "--quiet", "/" + dir.resolve("srv/boot/vmlinuz"), dest.toString())).isEqualTo(Main.OK);
        assertThat(dest).hasSameBinaryContentAs(dir.resolve("srv/boot/vmlinuz"));
        Path got = dir.resolve("got");
        Files.createSymbolicLink(got, victim);
        assertThat(run("tftp", "get", "127.0.0.1:" + server.address().getPort(), "boot/vmlinuz", got.toString())).isEqualTo(Main.OK);
        assertThat(victim).hasContent("precious");
        assertThat(got).hasSameBinaryContentAs(dir.resolve("srv/boot/vmlinuz"));
        assertThat(dir).isDirectoryNotContaining("regex:.*\\.[0-9a-f]{8}\\.part");
    }

    @Test
    void aFailedTftpGetLeavesNothingBehind() throws Exception {
        Path dest = dir.resolve("big");
        String server = "127.0.0.1:" + this.server.address().getPort();
        assertThat(run("tftp", "get", "--max-size", "1000", server, "boot/vmlinuz", dest.toString())).isEqualTo(Main.FAILED);
        assertThat(stderr.toString()).contains("more than the limit of 1000 bytes");
        assertThat(dest).doesNotExist();
        assertThat(dir).isDirectoryNotContaining("glob:**.part");
    }

    /** Issue 8: a DEST in a missing directory printed only the path. */
    @Test
    void aDestInAMissingDirectorySaysWhatIsWrongAndWhatToDo() {
        Path dest = dir.resolve("no/such/dir/vmlinuz");
        assertThat(run("fetch", "--quiet", url("/boot/vmlinuz"), dest.toString())).isEqualTo(Main.FAILED);
        assertThat(stderr.toString()).contains("cannot write " + dest + ": the directory " + dest.getParent()
                + " does not exist (nor does " + dir.resolve("no") + ")", "mkdir -p " + dest.getParent());
    }

    /**
     * Issue 8: for a URL ending in "/.." and no DEST, fetch named the destination ".." and wrote
     * its part file in the parent of the current directory. Now the file is ./download.
     */
    @Test
    void aUrlEndingInDotDotIsSavedAsDownloadHere() throws Exception {
        byte[] body = "served for /a/..".getBytes(StandardCharsets.US_ASCII);
        var http = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        http.createContext("/", e -> {
            boolean file = !e.getRequestURI().getRawPath().endsWith(".sha256");
            e.sendResponseHeaders(file ? 200 : 404, file ? body.length : -1);
            try (var o = e.getResponseBody()) {
                if (file) o.write(body);
            }
        });
        http.start();
        try {
            Path parent = Files.createDirectories(dir.resolve("parent"));
            Path here = Files.createDirectories(parent.resolve("here"));
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/a/..";
            var result = ChildLobos.run(here, java.util.List.of(), "fetch", "--quiet", url);
            assertThat(result.exit()).as(result.stderr()).isEqualTo(Main.OK);
            assertThat(here.resolve("download")).hasBinaryContent(body);
            try (var files = Files.list(parent)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("here");
            }
        } finally {
            http.stop(0);
        }
        assertThat(lobos.fetch.Locator.fileName(PathOptions.resolve(lobos.path.PathParser.parse(url("/boot/%2e%2e"))))).isEqualTo("download");
    }
}
