package lobos.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import lobos.Json;
import lobos.netboot.NetworkTasks;
import lobos.linux.RtnetlinkControl;
import lobos.net.Dhcp;
import lobos.net.Links;
import lobos.net.NetworkSetup;
import lobos.net.dhcp.DhcpClient;
import lobos.net.dhcp.DhcpLease;
import lobos.net.dhcp.LeaseKeeper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lobos dhcp}: asks for a lease with lobos's own client, configures it, prints it. */
@Command(name = "dhcp", mixinStandardHelpOptions = true,
        description = {"Get an IPv4 address by DHCP (or BOOTP) on IFACE, or on every Ethernet interface at once",
            "(the first lease wins), configure it (address, routes, MTU, resolv.conf, hosts) and print the lease.",
            "This changes the machine's network configuration: it is meant for the boot loader's shell."})
public final class DhcpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IFACE", arity = "0..1", description = "The interface (default: all Ethernet interfaces).")
    String iface;

    @Option(names = "--json", description = "Print the lease as JSON.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default ${DEFAULT-VALUE}).")
    long timeout = 30;

    @Option(names = "--pxe", description = "Ask as a PXE client (vendor class PXEClient, options 93, 94, 97).")
    boolean pxe;

    @Option(names = "--hostname", description = "Send this host name (option 12).")
    String hostname;

    @Option(names = "--no-configure", description = "Only print the lease; change nothing.")
    boolean noConfigure;

    @Option(names = "--etc", paramLabel = "DIR", description = "Where resolv.conf and hosts go (default ${DEFAULT-VALUE}).")
    Path etc = Path.of("/etc");

    @Option(names = "--hold", paramLabel = "SECONDS", description = "Keep the lease this long, renewing it at T1/T2, then exit.")
    long hold;

    @Option(names = "--release", description = "Give the lease back before exiting.")
    boolean release;

    @Option(names = {"-6", "--ipv6"}, description = "Ask DHCPv6 (RFC 8415) for an address, name servers and the boot file URL.")
    boolean ipv6;

    @Option(names = "--warm-up", hidden = true,
            description = "Run the network code once first, as the loader does while it loads modules (bench/dhcp.sh).")
    boolean warmUp;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (warmUp) lobos.netboot.NetworkSteps.rehearse();
        java.util.function.Consumer<String> log = line -> {
            err.println("lobos: " + line);
            err.flush();
        };
        if (ipv6) {
            RtnetlinkControl control = new RtnetlinkControl();
            Dhcp dhcp = new Dhcp(new Links(Links.SYSFS, control), log);
            return dhcp6(dhcp, dhcp.candidates(iface), control, log, out);
        }
        try (Dhcp.Bound bound = NetworkTasks.dhcp(iface, new Dhcp.Settings(Duration.ofSeconds(timeout),
                Duration.ofSeconds(5), pxe, hostname, lobos.Version.current()), !noConfigure, etc, json, out, log)) {
            DhcpLease lease = bound.lease();
            RtnetlinkControl control = new RtnetlinkControl();
            if (hold > 0) {
                LeaseKeeper keeper = new LeaseKeeper(bound.client(), lease, DhcpClient.Clock.SYSTEM, new LeaseKeeper.Listener() {
                    @Override
                    public void renewed(DhcpLease l) {
                        if (!noConfigure) control.addAddress(l.link(), l.address(), l.prefix(), l.leaseSeconds());
                        log.accept("renewed " + l.address().getHostAddress() + " on " + l.link() + " for " + l.leaseSeconds() + " s");
                    }

                    @Override
                    public void lost(DhcpLease l, String why) {
                        log.accept("lost the lease: " + why);
                    }
                }).start();
                Thread.sleep(Duration.ofSeconds(hold));
                keeper.close();
                lease = keeper.lease();
            }
            if (release) {
                bound.client().release(lease);
                log.accept("released " + lease.address().getHostAddress());
            }
        }
        return Main.OK;
    }

    private int dhcp6(Dhcp dhcp, List<String> names, RtnetlinkControl control, java.util.function.Consumer<String> log,
            PrintWriter out) throws Exception {
        long start = System.nanoTime();
        lobos.net.dhcp6.Dhcp6Lease lease = dhcp.first6(names, Duration.ofSeconds(timeout), Duration.ofSeconds(5));
        String link = lease.link();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!noConfigure) new NetworkSetup(control, etc, log).apply(lease);
        if (json) {
            out.print(Json.write(new Output6(lease, seconds)));
        } else {
            out.println(link + " " + (lease.address() == null ? "(no address)" : lobos.linux.Addresses.text(lease.address()) + "/128")
                    + String.format(java.util.Locale.ROOT, " by DHCPv6 in %.2f s", seconds));
            if (!lease.dns().isEmpty()) out.println("  dns:       " + String.join(" ", lease.dns().stream().map(lobos.linux.Addresses::text).toList()));
            if (!lease.search().isEmpty()) out.println("  search:    " + String.join(" ", lease.search()));
            if (lease.bootFileUrl() != null) out.println("  boot file: " + lease.bootFileUrl());
        }
        out.flush();
        return Main.OK;
    }

    /** The JSON output of a DHCPv6 lease. */
    record Output6(lobos.net.dhcp6.Dhcp6Lease lease, double seconds) {}

}
