package lobos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Two network namespaces joined by a veth pair, for tests that need a real link: the server side
 * {@value #SERVER_IP} on {@value #SERVER_LINK}, the client side {@value #CLIENT_IP} on
 * {@value #CLIENT_LINK}. Needs root and iproute2 ({@link #create} skips the test otherwise);
 * {@link #close()} deletes both namespaces.
 */
public final class TestNetns implements AutoCloseable {
    public static final String SERVER_IP = "192.0.2.1";
    public static final String CLIENT_IP = "192.0.2.2";
    public static final String SERVER_LINK = "vs";
    public static final String CLIENT_LINK = "vc";

    public final String server;
    public final String client;
    private final List<String> created = new ArrayList<>();

    private TestNetns(String name) {
        this.server = "lobos-" + name + "-" + ProcessHandle.current().pid() + "-s";
        this.client = "lobos-" + name + "-" + ProcessHandle.current().pid() + "-c";
    }

    /** Creates the pair; {@code name} tells whose namespaces they are in `ip netns list`. */
    public static TestNetns create(String name) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")), "iproute2 not installed");
        var netns = new TestNetns(name);
        try {
            for (String ns : List.of(netns.server, netns.client)) {
                var add = run("ip", "netns", "add", ns);
                assumeTrue(add.ok(), "cannot create a network namespace here: " + add.output());
                netns.created.add(ns);
            }
            require(run("ip", "link", "add", CLIENT_LINK, "netns", netns.client, "type", "veth", "peer", "name", SERVER_LINK, "netns", netns.server));
            require(run("ip", "-n", netns.server, "addr", "add", SERVER_IP + "/24", "dev", SERVER_LINK));
            require(run("ip", "-n", netns.client, "addr", "add", CLIENT_IP + "/24", "dev", CLIENT_LINK));
            for (var link : List.of(List.of(netns.server, SERVER_LINK), List.of(netns.server, "lo"), List.of(netns.client, CLIENT_LINK),
                    List.of(netns.client, "lo"))) {
                require(run("ip", "-n", link.get(0), "link", "set", link.get(1), "up"));
            }
        } catch (RuntimeException | Error e) {
            netns.close();
            throw e;
        }
        return netns;
    }

    /** {@code command} as run inside namespace {@code ns}. */
    public static List<String> in(String ns, List<String> command) {
        var argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        argv.addAll(command);
        return argv;
    }

    /** Waits until something listens on SERVER_IP:port in the server namespace ({@code table} "tcp" or "udp"). */
    public void awaitServer(String table, int port, Supplier<String> log) throws IOException, InterruptedException {
        String local = String.format(" 010200C0:%04X %s", port, table.equals("tcp") ? "00000000:0000 0A " : "");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!run(in(server, List.of("cat", "/proc/net/" + table)).toArray(String[]::new)).output().contains(local)) {
            assertThat(System.nanoTime()).as("server listening in time; log: " + log.get()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    public record Result(boolean ok, String output) {}

    /** Runs a command to its end (at most two minutes). */
    public static Result run(String... command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        return new Result(p.exitValue() == 0, output);
    }

    public static void require(Result r) {
        assertThat(r.ok()).as(r.output()).isTrue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (String ns : created) run("ip", "netns", "del", ns);
    }
}
