package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lobos.TestNetns;
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
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private TestNetns netns;

    @BeforeEach
    void createNamespaces() throws Exception {
        netns = TestNetns.create("tftp");
    }

    @AfterEach
    void deleteNamespaces() throws Exception {
        for (var p : started) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
        if (netns != null) netns.close();
    }

    @Test
    void lobosClientFetchesFromInTftpdAcrossNamespaces() throws Exception {
        InTftpd.assumeAvailable();
        var content = TestFiles.random(2_000_000, 21);
        TestFiles.write(dir, "srv/vmlinuz", content);
        startServer(List.of("/usr/sbin/in.tftpd", "-L", "-u", "root", "-s", dir.resolve("srv").toString(), "-a", TestNetns.SERVER_IP + ":69"));
        var out = lobosGet("vmlinuz", "--blksize", "1468");
        TestFiles.assertSameBytes(Files.readAllBytes(dir.resolve("got")), content);
        assertThat(out).contains("\"blockSize\": 1468");
    }

    @Test
    void lossyDelayedLinkWithNetem() throws Exception {
        for (var side : List.of(List.of(netns.server, TestNetns.SERVER_LINK), List.of(netns.client, TestNetns.CLIENT_LINK))) {
            var netem = TestNetns.run("ip", "netns", "exec", side.get(0), "tc", "qdisc", "add", "dev", side.get(1), "root", "netem", "loss", "5%", "delay", "2ms");
            assumeTrue(netem.ok(), "tc netem is not available here (the kernel lacks sch_netem, which a test may not load): " + netem.output());
        }
        var content = TestFiles.random(1_000_000, 22);
        TestFiles.write(dir, "srv/initrd", content);
        startServer(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                "lobos.cli.Main", "tftp", "serve", dir.resolve("srv").toString(), "--address", TestNetns.SERVER_IP + ":69"));
        lobosGet("initrd", "--windowsize", "8", "--timeout", "100", "--retries", "10");
        TestFiles.assertSameBytes(Files.readAllBytes(dir.resolve("got")), content);
    }

    private void startServer(List<String> command) throws Exception {
        Path log = dir.resolve("server.log");
        started.add(new ProcessBuilder(TestNetns.in(netns.server, command)).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        netns.awaitServer("udp", 69, () -> {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return e.toString();
            }
        });
    }

    /** Runs {@code lobos tftp get 192.0.2.1 FILE DIR/got --json ARGS} in the client namespace. */
    private String lobosGet(String file, String... args) throws Exception {
        var cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                "lobos.cli.Main", "tftp", "get", TestNetns.SERVER_IP, file, dir.resolve("got").toString(), "--json"));
        cmd.addAll(List.of(args));
        var result = TestNetns.run(TestNetns.in(netns.client, cmd).toArray(String[]::new));
        assertThat(result.ok()).as("lobos tftp get: " + result.output()).isTrue();
        return result.output();
    }
}
