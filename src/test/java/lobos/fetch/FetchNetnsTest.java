package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lobos.TestNetns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fetch across a link: nginx in one network namespace (192.0.2.1, port 80), {@code lobos
 * fetch} in another (192.0.2.2), joined by a veth pair. Needs root and iproute2; nginx and the
 * namespaces are always removed afterwards.
 */
class FetchNetnsTest {
    @TempDir
    Path dir;

    private TestNetns netns;
    private Nginx nginx;

    @BeforeEach
    void createNamespaces() throws Exception {
        Nginx.assumeAvailable();
        netns = TestNetns.create("http");
    }

    @AfterEach
    void deleteNamespaces() throws Exception {
        try {
            if (nginx != null) nginx.close();
        } finally {
            if (netns != null) netns.close();
        }
    }

    @Test
    void lobosFetchesFromNginxAcrossNamespaces() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Servers.writeRandom(root.resolve("vmlinuz"), 6 << 20, 41);
        Files.writeString(root.resolve("vmlinuz.sha256"), Servers.run(root, "sha256sum", "vmlinuz"));
        nginx = Nginx.launch(TestNetns.in(netns.server, List.of()), dir.resolve("nginx"),
                "server { listen " + TestNetns.SERVER_IP + ":80; root " + root + "; }");
        netns.awaitServer("tcp", 80, () -> {
            try {
                return nginx.errors();
            } catch (IOException e) {
                return e.toString();
            }
        });
        var command = List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                "lobos.cli.Main", "fetch", "http://" + TestNetns.SERVER_IP + "/vmlinuz", dir.resolve("got").toString(), "--json", "--quiet");
        var result = TestNetns.run(TestNetns.in(netns.client, command).toArray(String[]::new));
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(result.output()).contains("\"bytes\": " + (6 << 20));
        assertThat(Servers.sha256sum(dir.resolve("got"))).isEqualTo(Servers.sha256sum(root.resolve("vmlinuz")));
    }
}
