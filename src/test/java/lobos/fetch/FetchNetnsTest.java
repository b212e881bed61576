package lobos.fetch;

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
 * A fetch across a link: nginx in one network namespace (192.0.2.1, port 80), {@code lobos
 * fetch-url} in another (192.0.2.2), joined by a veth pair. Needs root and iproute2; the
 * namespaces and nginx are always removed afterwards.
 */
class FetchNetnsTest {
    private static final String SERVER_IP = "192.0.2.1";

    @TempDir
    Path dir;

    private final String serverNs = "lobos-http-" + ProcessHandle.current().pid() + "-s";
    private final String clientNs = "lobos-http-" + ProcessHandle.current().pid() + "-c";
    private final List<String> created = new ArrayList<>();
    private Nginx nginx;

    @BeforeEach
    void createNamespaces() throws Exception {
        assumeTrue(Servers.root(), "network namespaces need root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")), "iproute2 not installed");
        Nginx.assumeAvailable();
        for (String ns : List.of(serverNs, clientNs)) {
            var add = run("ip", "netns", "add", ns);
            assumeTrue(add.ok(), "cannot create a network namespace here: " + add.output());
            created.add(ns);
        }
        require(run("ip", "link", "add", "hc", "netns", clientNs, "type", "veth", "peer", "name", "hs", "netns", serverNs));
        require(run("ip", "-n", serverNs, "addr", "add", SERVER_IP + "/24", "dev", "hs"));
        require(run("ip", "-n", clientNs, "addr", "add", "192.0.2.2/24", "dev", "hc"));
        for (var link : List.of(List.of(serverNs, "hs"), List.of(serverNs, "lo"), List.of(clientNs, "hc"), List.of(clientNs, "lo"))) {
            require(run("ip", "-n", link.get(0), "link", "set", link.get(1), "up"));
        }
    }

    @AfterEach
    void deleteNamespaces() throws Exception {
        if (nginx != null) nginx.close();
        for (String ns : created) run("ip", "netns", "del", ns);
    }

    @Test
    void lobosFetchesFromNginxAcrossNamespaces() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Servers.writeRandom(root.resolve("vmlinuz"), 6 << 20, 41);
        Files.writeString(root.resolve("vmlinuz.sha256"), Servers.run(root, "sha256sum", "vmlinuz"));
        nginx = Nginx.launch(List.of("ip", "netns", "exec", serverNs), dir.resolve("nginx"),
                "server { listen " + SERVER_IP + ":80; root " + root + "; }");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // 192.0.2.1:80 in /proc/net/tcp, listening (state 0A)
        while (!run("ip", "netns", "exec", serverNs, "cat", "/proc/net/tcp").output().contains(" 010200C0:0050 00000000:0000 0A ")) {
            assertThat(nginx.alive() && System.nanoTime() < deadline).as("nginx listening in time: " + nginx.errors()).isTrue();
            Thread.sleep(50);
        }
        var result = run("ip", "netns", "exec", clientNs, ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "lobos.cli.Main", "fetch-url",
                "http://" + SERVER_IP + "/vmlinuz", dir.resolve("got").toString(), "--json", "--quiet");
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(result.output()).contains("\"bytes\": " + (6 << 20));
        assertThat(Servers.sha256sum(dir.resolve("got"))).isEqualTo(Servers.sha256sum(root.resolve("vmlinuz")));
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
