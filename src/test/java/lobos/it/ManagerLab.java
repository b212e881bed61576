package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lobos.TestNetns;
import lobos.build.Qemu;

/**
 * A cluster network for the manager's end-to-end tests, in namespaces this test makes: the
 * manager's namespace has a bridge br0 (192.0.2.1/24) and one tap per QEMU machine on it (QEMU
 * runs in that namespace); a second namespace at 192.0.2.3 joins the bridge for another DHCP
 * server. {@code lobos server} runs from target/lobos.jar in the manager's namespace. Closing
 * stops everything started and deletes the namespaces.
 */
final class ManagerLab implements AutoCloseable {
    final String ns;
    final String second;
    final Path dir;
    private final List<String> created = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private Process server;
    private int taps;

    private ManagerLab(Path dir) {
        String base = "lobos-mgr-" + ProcessHandle.current().pid();
        this.ns = base + "-s";
        this.second = base + "-t";
        this.dir = dir;
    }

    static ManagerLab create(Path dir) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces and taps need root");
        ManagerLab lab = new ManagerLab(dir);
        try {
            Files.createDirectories(dir);
            var add = TestNetns.run("ip", "netns", "add", lab.ns);
            assumeTrue(add.ok(), "cannot create a network namespace here: " + add.output());
            lab.created.add(lab.ns);
            lab.ip(lab.ns, "link", "add", "br0", "type", "bridge", "forward_delay", "0");
            lab.ip(lab.ns, "addr", "add", "192.0.2.1/24", "dev", "br0");
            lab.ip(lab.ns, "link", "set", "br0", "up");
            lab.ip(lab.ns, "link", "set", "lo", "up");
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** A new tap on the bridge, for one QEMU machine. */
    String tap() throws IOException, InterruptedException {
        String tap = "tap" + taps++;
        ip(ns, "tuntap", "add", tap, "mode", "tap");
        ip(ns, "link", "set", tap, "master", "br0");
        ip(ns, "link", "set", tap, "up");
        return tap;
    }

    /** The second namespace on the bridge, at 192.0.2.3 on its link vt. */
    void addSecond() throws IOException, InterruptedException {
        TestNetns.require(TestNetns.run("ip", "netns", "add", second));
        created.add(second);
        TestNetns.require(TestNetns.run("ip", "link", "add", "vt", "netns", second, "type", "veth", "peer", "name", "vs2", "netns", ns));
        ip(ns, "link", "set", "vs2", "master", "br0");
        ip(ns, "link", "set", "vs2", "up");
        ip(second, "addr", "add", "192.0.2.3/24", "dev", "vt");
        ip(second, "link", "set", "vt", "up");
        ip(second, "link", "set", "lo", "up");
    }

    void ip(String namespace, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", namespace));
        cmd.addAll(List.of(args));
        TestNetns.require(TestNetns.run(cmd.toArray(String[]::new)));
    }

    /** dnsmasq as the network's DHCP server in the second namespace. */
    void dnsmasq(String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                "--interface=vt", "--bind-interfaces", "--no-ping", "--log-dhcp", "--log-facility=-",
                "--dhcp-leasefile=" + dir.resolve("dnsmasq.leases"), "--pid-file=" + dir.resolve("dnsmasq.pid")));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(TestNetns.in(second, cmd)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        processes.add(p);
        await(second, "/proc/net/udp", ":0043 ", p, "dnsmasq");
    }

    static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-jar",
                System.getProperty("lobos.jar", "target/lobos.jar")));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts lobos server in the manager's namespace (its log appended to DIR/server.log); returns when HTTP and DHCP listen. */
    void startServer(Path config) throws IOException, InterruptedException {
        Files.writeString(log(), "---- lobos server starts\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        server = new ProcessBuilder(TestNetns.in(ns, java("server", "--config", config.toString()))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        processes.add(server);
        await(ns, "/proc/net/udp", ":0043 ", server, "lobos server (DHCP)");
        await(ns, "/proc/net/tcp6", ":1F90 ", server, "lobos server (HTTP)");
    }

    /** Stops lobos server as an operator would (SIGTERM). */
    void stopServer() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
    }

    Path log() {
        return dir.resolve("server.log");
    }

    String serverLog() throws IOException {
        return Files.exists(log()) ? Files.readString(log()) : "";
    }

    /** Waits until the server's log has {@code text} (it logs every DHCP and HTTP step). */
    void awaitLog(String text, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!serverLog().contains(text)) {
            assertThat(System.nanoTime()).as("the server logs \"" + text + "\" in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void await(String namespace, String table, String local, Process p, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!TestNetns.run("ip", "netns", "exec", namespace, "cat", "/proc/net/tcp", "/proc/net/tcp6", table).output().contains(local)) {
            assertThat(p.isAlive()).as(what + " runs; log " + serverLog()).isTrue();
            assertThat(System.nanoTime()).as(what + " listening in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** A lobos command on the host (nodes, node), to its end. */
    TestNetns.Result lobos(String... args) throws IOException, InterruptedException {
        return TestNetns.run(java(args).toArray(String[]::new));
    }

    /** A QEMU machine that boots from the network (its iPXE ROM) on a new tap, with this MAC. */
    Qemu pxe(String name, String mac) throws IOException, InterruptedException {
        String tap = tap();
        return Qemu.start(List.of("ip", "netns", "exec", ns), new Qemu.Options(null, null, "", 1024, List.of("-boot", "n",
                "-netdev", "tap,id=n0,ifname=" + tap + ",script=no,downscript=no", "-device", "virtio-net-pci,netdev=n0,mac=" + mac)),
                TestImages.DIR.resolve(name + ".log"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
            }
        }
        for (String n : created) TestNetns.run("ip", "netns", "del", n);
    }
}
