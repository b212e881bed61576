package lobos.netboot;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import lobos.LobosException;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.linux.NetworkControl;
import lobos.net.Dhcp;
import lobos.net.IpConfig;
import lobos.net.Links;
import lobos.net.NetLink;
import lobos.net.NetworkSetup;
import lobos.net.dhcp.DhcpClient;
import lobos.net.dhcp.DhcpLease;
import lobos.net.dhcp.DhcpOptions;
import lobos.net.dhcp.DhcpTimeoutException;
import lobos.net.dhcp.LeaseKeeper;

/**
 * The loader's network step. The kernel's {@code ip=} decides how the network is configured
 * when it is given; otherwise kboot.conf's {@code network=} does: unset, the loader runs DHCP on
 * every link with carrier when it has nothing local to boot; {@code off} never; an interface
 * name, only there; {@code always}, at every boot; a value in the {@code ip=} syntax
 * ({@code 192.0.2.10::192.0.2.1:255.255.255.0::eth0:off}) is a static configuration. After a lease it asks the network what to
 * boot ({@link NetBoot}) when nothing local boots, {@code network=always} is set or the command
 * line names a manager ({@code lobos.server=URL}), and keeps the lease while the loader waits.
 * When DHCP gets no lease or names nothing to boot, it asks DHCPv6 on the same links
 * ({@link Dhcp6Boot}, for {@code lobos.dhcp6.timeout=} seconds, default 10, 0 turns it off).
 * A failure is one clear line; the loader goes on with its local menu.
 */
public final class NetworkStep {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final NetworkControl control;
    private final Dhcp dhcp;
    private final Links links;
    private final NetworkSetup setup;
    private final NetBoot netboot;
    private final Dhcp6Boot v6;
    private final String version;
    private final Consumer<String> log;
    private LeaseKeeper keeper;
    private DhcpLease lease;
    private BootReport report = BootReport.NONE;

    public NetworkStep(NetworkControl control, Links links, Dhcp dhcp, Path etc, NetBoot netboot, String version,
            Consumer<String> log) {
        this.control = control;
        this.links = links;
        this.dhcp = dhcp;
        this.setup = new NetworkSetup(control, etc, log);
        this.netboot = netboot;
        this.v6 = new Dhcp6Boot(dhcp, links, setup, netboot, version, log);
        this.version = version;
        this.log = log;
    }

    private volatile Menu found;

    /** The lease the loader holds now, or null. */
    public DhcpLease lease() {
        return keeper != null ? keeper.lease() : lease;
    }

    /** The DHCPv6 lease the network boot got when DHCP named nothing to boot, or null. */
    public lobos.net.dhcp6.Dhcp6Lease lease6() {
        return v6.lease();
    }

    /**
     * Brings the network up as configured and returns the menu to show: the network's entries
     * first when it named some, then the local ones.
     *
     * @param cmdline the kernel command line
     * @param network kboot.conf's {@code network=}, or null
     * @param local   the menu from the loader's own configs
     */
    public Menu run(String cmdline, String network, Menu local) {
        try {
            return bringUp(cmdline, network, local);
        } catch (LobosException e) {
            log.accept("network: " + e.getMessage());
            if (e.hint() != null) log.accept("  " + e.hint());
        } catch (IOException e) {
            log.accept("network: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return local;
    }

    private Menu bringUp(String cmdline, String network, Menu local) throws IOException, InterruptedException {
        IpConfig ip = IpConfig.fromCmdline(cmdline);
        String mode = network == null || network.isBlank() ? "auto" : network.strip().toLowerCase(Locale.ROOT);
        if (mode.contains(":")) {
            // kboot.conf's static setting, in the ip= syntax; the kernel command line's ip= wins
            if (ip == null) ip = IpConfig.parse(network.strip());
            mode = "auto";
        }
        String server = word(cmdline, "lobos.server=");
        boolean nothingLocal = local.entries().isEmpty();
        boolean lookup = server != null || mode.equals("always") || (nothingLocal && !mode.equals("off"));
        String named = ip != null ? ip.device() : mode.equals("auto") || mode.equals("off") || mode.equals("always")
                ? null : network.strip(); // interface names keep their case
        if (ip == null && !lookup && !(named != null && nothingLocal)) return local;
        if (ip == null && mode.equals("off") && server == null) return local;
        Duration timeout6 = seconds0(word(cmdline, "lobos.dhcp6.timeout="), Dhcp6Boot.DEFAULT_TIMEOUT);
        List<String> candidates = null; // the links DHCP ran on (none for a static setting)
        control.up("lo");
        if (ip != null && !ip.dhcp()) {
            String link = dhcp.candidates(ip.device()).getFirst();
            links.up(link);
            setup.apply(ip, link);
            lease = staticLease(link, ip);
        } else {
            Duration timeout = seconds(word(cmdline, "lobos.dhcp.timeout="), DEFAULT_TIMEOUT);
            candidates = dhcp.candidates(named);
            try {
                Dhcp.Bound bound = dhcp.first(candidates, new Dhcp.Settings(timeout, Duration.ofSeconds(5), lookup,
                        ip == null ? null : ip.hostname(), version));
                setup.apply(bound.lease());
                lease = bound.lease();
                keep(bound);
            } catch (DhcpTimeoutException e) {
                if (!lookup) throw e;
                return found(v6.instead(e, candidates, timeout6), local);
            }
        }
        BootNetwork net = new BootNetwork(lease, Dhcp.systemUuid(), BootSettings.arch(), version);
        report = BootReport.to(server != null ? server : lease.managerUrl(), net, log);
        report.event("dhcp-bound", "link", lease.link(), "server", lease.server() == null ? "" : lease.server().getHostAddress(),
                "how", lease.bootp() ? "bootp" : ip != null && !ip.dhcp() ? "static" : "dhcp");
        if (!lookup) return local;
        report.flush(Duration.ofSeconds(3)); // the manager sees the lease before the request
        NetBoot.Result result = netboot.resolve(net, server);
        // a static setting ran no DHCP: no DHCPv6 either
        return found(candidates == null ? result : v6.unlessNothing(result, candidates, timeout6, lease), local);
    }

    /** Logs and reports what the network said, and returns the menu to show. */
    private Menu found(NetBoot.Result result, Menu local) {
        log.accept("netboot: " + result.how());
        report.event("menu", "result", switch (result) {
            case NetBoot.Found f -> "found";
            case NetBoot.Local l -> "local";
            case NetBoot.Nothing n -> "nothing";
        }, "how", result.how());
        return switch (result) {
            case NetBoot.Found f -> {
                found = f.menu();
                yield merge(f.menu(), local);
            }
            case NetBoot.Local l -> local;
            case NetBoot.Nothing n -> local;
        };
    }

    /** Keeps the lease while the loader waits: renewed at T1/T2, a lost one reported. */
    private void keep(Dhcp.Bound bound) {
        keeper = new LeaseKeeper(bound.client(), bound.lease(), DhcpClient.Clock.SYSTEM, new LeaseKeeper.Listener() {
            @Override
            public void renewed(DhcpLease renewed) {
                try {
                    control.addAddress(renewed.link(), renewed.address(), renewed.prefix(), renewed.leaseSeconds());
                } catch (RuntimeException e) {
                    log.accept("warning: renewed lease: " + e.getMessage());
                }
            }

            @Override
            public void lost(DhcpLease old, String why) {
                log.accept("warning: " + why);
            }
        }).start();
    }

    /**
     * The menu the network named in the last {@link #run}, or null: the loader frames its local
     * menu with it again when a disk comes or goes.
     */
    public Menu networkMenu() {
        return found;
    }

    /** The network's menu, with the local entries after it as a submenu. */
    public static Menu merge(Menu net, Menu local) {
        if (local.entries().isEmpty()) return net;
        List<MenuItem> items = new ArrayList<>(net.items());
        items.add(new Menu("local", local.items(), local.defaultId(), local.timeout(), local.message(), local.restricted(),
                local.source(), local.warnings()));
        return new Menu(net.title(), items, net.defaultId(), net.timeout(), net.message(), net.restricted(), net.source(),
                net.warnings());
    }

    /** A lease-shaped record of a static {@code ip=} setting, for the manager request and IPAPPEND. */
    private DhcpLease staticLease(String link, IpConfig ip) throws IOException {
        Inet4Address address = (Inet4Address) InetAddress.ofLiteral(ip.address());
        List<Inet4Address> gateway = ip.gateway() == null ? List.of() : List.of((Inet4Address) InetAddress.ofLiteral(ip.gateway()));
        String mac = links.find(link).map(NetLink::mac).orElse("");
        return new DhcpLease(link, mac, address, ip.prefix() == 0 ? 24 : ip.prefix(), null, gateway, List.of(), List.of(),
                null, List.of(), ip.hostname(), 0, List.of(), 0, 0, 0, null, null, null, null, null, null, null, false,
                Instant.now(), DhcpOptions.EMPTY);
    }

    /** The value of the last {@code key...} word of a command line, or null. */
    static String word(String cmdline, String key) {
        String value = null;
        for (String w : cmdline.strip().split("\\s+")) {
            if (w.startsWith(key)) value = w.substring(key.length());
        }
        return value == null || value.isBlank() ? null : value;
    }

    /** As {@link #seconds}, but 0 is a value: off. */
    private static Duration seconds0(String value, Duration fallback) {
        return "0".equals(value) ? Duration.ZERO : seconds(value, fallback);
    }

    private static Duration seconds(String value, Duration fallback) {
        try {
            return value == null ? fallback : Duration.ofSeconds(Math.max(1, Long.parseLong(value)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Where the loader reports its boot to the manager ({@link BootReport#NONE} without one). */
    public BootReport report() {
        return report;
    }

    /** Stops keeping the lease (before a kexec: the next kernel asks for its own). */
    public void close() {
        if (keeper != null) keeper.close();
    }
}
