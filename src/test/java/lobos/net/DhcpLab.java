package lobos.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lobos.TestNetns;

/**
 * A link for DHCP tests, made of network namespaces this test creates: the client namespace's
 * {@value #CLIENT_LINK} (MAC {@value #MAC}, no address) is joined to a bridge br0 (192.0.2.1) in
 * the server namespace; a second server namespace can join the bridge at 192.0.2.3. Servers run
 * in their namespaces; lobos runs as a child JVM in the client's, so it only ever binds there.
 * Closing stops every process started and deletes the namespaces.
 */
public final class DhcpLab implements AutoCloseable {
    public static final String CLIENT_LINK = "vc";
    public static final String MAC = "52:54:00:12:34:56";
    public static final String SERVER_IP = "192.0.2.1";
    public static final String SECOND_SERVER_IP = "192.0.2.3";

    public final String client;
    public final String server;
    public final String second;
    public final Path dir;
    private final List<String> created = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private DhcpLab(String name, Path dir) {
        String base = "lobos-" + name + "-" + ProcessHandle.current().pid();
        this.client = base + "-c";
        this.server = base + "-s";
        this.second = base + "-t";
        this.dir = dir;
    }

    public static DhcpLab create(String name, Path dir) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")), "iproute2 not installed");
        DhcpLab lab = new DhcpLab(name, dir);
        try {
            for (String ns : List.of(lab.client, lab.server)) {
                var add = TestNetns.run("ip", "netns", "add", ns);
                assumeTrue(add.ok(), "cannot create a network namespace here: " + add.output());
                lab.created.add(ns);
            }
            TestNetns.require(TestNetns.run("ip", "link", "add", CLIENT_LINK, "netns", lab.client, "address", MAC, "type", "veth",
                    "peer", "name", "vs", "netns", lab.server));
            lab.ip(lab.server, "link", "add", "br0", "type", "bridge", "forward_delay", "0");
            lab.ip(lab.server, "link", "set", "vs", "master", "br0");
            lab.ip(lab.server, "addr", "add", SERVER_IP + "/24", "dev", "br0");
            for (String link : List.of("vs", "br0", "lo")) lab.ip(lab.server, "link", "set", link, "up");
            lab.ip(lab.client, "link", "set", "lo", "up");
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** Adds the second server's namespace, on the same bridge, at 192.0.2.3. */
    public void addSecondServer() throws IOException, InterruptedException {
        TestNetns.require(TestNetns.run("ip", "netns", "add", second));
        created.add(second);
        TestNetns.require(TestNetns.run("ip", "link", "add", "vt", "netns", second, "type", "veth", "peer", "name", "vs2",
                "netns", server));
        ip(server, "link", "set", "vs2", "master", "br0");
        ip(server, "link", "set", "vs2", "up");
        ip(second, "addr", "add", SECOND_SERVER_IP + "/24", "dev", "vt");
        ip(second, "link", "set", "vt", "up");
        ip(second, "link", "set", "lo", "up");
    }

    public void ip(String ns, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        TestNetns.require(TestNetns.run(cmd.toArray(String[]::new)));
    }

    public static void assumeDnsmasq() {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/dnsmasq")), "dnsmasq is not installed (apt-get install dnsmasq-base)");
    }

    /**
     * Starts dnsmasq as a DHCP server only (no DNS) in {@code ns} on {@code link}, with the given
     * options, logging every packet to DIR/NAME.log; returns once it listens on port 67.
     */
    public Process dnsmasq(String name, String ns, String link, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                "--interface=" + link, "--bind-interfaces", "--no-ping", "--log-dhcp", "--log-facility=-",
                "--dhcp-leasefile=" + dir.resolve(name + ".leases"), "--pid-file=" + dir.resolve(name + ".pid")));
        cmd.addAll(List.of(options));
        return start(name, ns, cmd, 67);
    }

    /** dnsmasq as a DHCPv6 server in the server namespace on br0; returns once it listens on port 547. */
    Process dnsmasq6(String name, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                "--interface=br0", "--bind-interfaces", "--log-dhcp", "--log-facility=-",
                "--dhcp-leasefile=" + dir.resolve(name + ".leases"), "--pid-file=" + dir.resolve(name + ".pid")));
        cmd.addAll(List.of(options));
        return start(name, server, cmd, 547, "/proc/net/udp6");
    }

    /** busybox udhcpd in the server namespace on br0, from a config file written here. */
    Process udhcpd(String config) throws IOException, InterruptedException {
        Path conf = dir.resolve("udhcpd.conf");
        Files.writeString(conf, config + "\ninterface br0\nlease_file " + dir.resolve("udhcpd.leases") + "\npidfile "
                + dir.resolve("udhcpd.pid") + "\n");
        Files.writeString(dir.resolve("udhcpd.leases"), "");
        return start("udhcpd", server, List.of("/bin/busybox", "udhcpd", "-f", conf.toString()), 67);
    }

    public Process start(String name, String ns, List<String> command, int udpPort) throws IOException, InterruptedException {
        return start(name, ns, command, udpPort, "/proc/net/udp");
    }

    Process start(String name, String ns, List<String> command, int udpPort, String table) throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(TestNetns.in(ns, command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        String local = String.format(":%04X ", udpPort);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!TestNetns.run("ip", "netns", "exec", ns, "cat", table).output().contains(local)) {
            assertThat(p.isAlive()).as(name + " runs; its log: " + Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as(name + " listening in time").isLessThan(deadline);
            Thread.sleep(50);
        }
        return p;
    }

    public String log(String name) throws IOException {
        Path p = dir.resolve(name + ".log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    public static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
    }

    /** The lobos command line, as run in the client namespace. */
    public List<String> lobos(String... args) {
        return javaIn(client, "lobos.cli.Main", args);
    }

    /** A main class of lobos or of its tests, run in namespace {@code ns} with the tests' class path. */
    public static List<String> javaIn(String ns, String mainClass, String... args) {
        return TestNetns.in(ns, java(mainClass, args));
    }

    /** A main class of lobos or of its tests with the tests' class path, as {@link #start} takes it. */
    public static List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public record Run(int exit, String out, String err, double seconds) {}

    /** Runs lobos in the client namespace to its end (bounded at two minutes). */
    public Run run(String... args) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(lobos(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        processes.add(p);
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err), (System.nanoTime() - start) / 1e9);
    }

    /** What the client namespace's kernel shows: `ip addr` and `ip route`, for assertions. */
    public String clientState() throws IOException, InterruptedException {
        return TestNetns.run("ip", "-n", client, "addr", "show", CLIENT_LINK).output()
                + TestNetns.run("ip", "-n", client, "route").output();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) stop(p);
        }
        for (String ns : created) TestNetns.run("ip", "netns", "del", ns);
    }

    static String text(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
