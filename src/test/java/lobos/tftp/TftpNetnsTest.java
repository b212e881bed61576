package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfers between two network namespaces this test creates (server 192.0.2.1, client
 * 192.0.2.2 on a veth pair), with the client being {@code lobos tftp get} run inside the
 * client namespace. With {@code tc netem} the link loses 5% of packets and delays each by
 * 2 ms. Needs root and iproute2; the namespaces are always deleted afterwards.
 */
class TftpNetnsTest {
    private static final String SERVER_IP = "192.0.2.1";

    @TempDir
    Path dir;

    private final String serverNs = "lobos-tftp-" + ProcessHandle.current().pid() + "-s";
    private final String clientNs = "lobos-tftp-" + ProcessHandle.current().pid() + "-c";
    private final List<Process> started = new ArrayList<>();
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void createNamespaces() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")), "iproute2 not installed");
        for (String ns : List.of(serverNs, clientNs)) {
            var add = run("ip", "netns", "add", ns);
            assumeTrue(add.ok(), "cannot create a network namespace here: " + add.output());
            created.add(ns);
        }
        require(run("ip", "link", "add", "vc", "netns", clientNs, "type", "veth", "peer", "name", "vs", "netns", serverNs));
        require(run("ip", "-n", serverNs, "addr", "add", SERVER_IP + "/24", "dev", "vs"));
        require(run("ip", "-n", clientNs, "addr", "add", "192.0.2.2/24", "dev", "vc"));
        for (var link : List.of(List.of(serverNs, "vs"), List.of(serverNs, "lo"), List.of(clientNs, "vc"), List.of(clientNs, "lo"))) {
            require(run("ip", "-n", link.get(0), "link", "set", link.get(1), "up"));
        }
    }

    @AfterEach
    void deleteNamespaces() throws Exception {
        for (var p : started) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
        for (String ns : created) run("ip", "netns", "del", ns);
    }

    @Test
    void lobosClientFetchesFromInTftpdAcrossNamespaces() throws Exception {
        InTftpd.assumeAvailable();
        var content = TestFiles.random(2_000_000, 21);
        TestFiles.write(dir, "srv/vmlinuz", content);
        startServer(List.of("/usr/sbin/in.tftpd", "-L", "-u", "root", "-s", dir.resolve("srv").toString(), "-a", SERVER_IP + ":69"));
        var out = lobosGet("vmlinuz", "--blksize", "1468");
        TestFiles.assertSameBytes(Files.readAllBytes(dir.resolve("got")), content);
        assertThat(out).contains("\"blockSize\": 1468");
    }

    @Test
    void lossyDelayedLinkWithNetem() throws Exception {
        for (var side : List.of(List.of(serverNs, "vs"), List.of(clientNs, "vc"))) {
            var netem = run("ip", "netns", "exec", side.get(0), "tc", "qdisc", "add", "dev", side.get(1), "root", "netem", "loss", "5%", "delay", "2ms");
            assumeTrue(netem.ok(), "tc netem is not available here (the kernel lacks sch_netem, which a test may not load): " + netem.output());
        }
        var content = TestFiles.random(1_000_000, 22);
        TestFiles.write(dir, "srv/initrd", content);
        startServer(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                "lobos.cli.Main", "tftp", "serve", dir.resolve("srv").toString(), "--address", SERVER_IP + ":69"));
        lobosGet("initrd", "--windowsize", "8", "--timeout", "100", "--retries", "10");
        TestFiles.assertSameBytes(Files.readAllBytes(dir.resolve("got")), content);
    }

    private void startServer(List<String> command) throws Exception {
        var cmd = new ArrayList<>(List.of("ip", "netns", "exec", serverNs));
        cmd.addAll(command);
        started.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!run("ip", "netns", "exec", serverNs, "cat", "/proc/net/udp").output().contains(" 010200C0:0045 ")) {
            assertThat(System.nanoTime()).as("server listening in time; log: " + Files.readString(dir.resolve("server.log"))).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Runs {@code lobos tftp get 192.0.2.1 FILE DIR/got --json ARGS} in the client namespace. */
    private String lobosGet(String file, String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("ip", "netns", "exec", clientNs, ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "lobos.cli.Main", "tftp", "get", SERVER_IP, file, dir.resolve("got").toString(), "--json"));
        cmd.addAll(List.of(args));
        var result = run(cmd.toArray(String[]::new));
        assertThat(result.ok()).as("lobos tftp get: " + result.output()).isTrue();
        return result.output();
    }

    record Result(boolean ok, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        return new Result(p.exitValue() == 0, output);
    }

    private static void require(Result r) {
        assertThat(r.ok()).as(r.output()).isTrue();
    }
}
