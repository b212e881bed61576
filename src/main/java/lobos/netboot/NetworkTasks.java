package lobos.netboot;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import lobos.Json;
import lobos.config.Menu;
import lobos.config.MenuLines;
import lobos.fetch.FetchOptions;
import lobos.linux.NetworkControl;
import lobos.linux.RtnetlinkControl;
import lobos.net.Dhcp;
import lobos.net.Links;
import lobos.net.NetLink;
import lobos.net.NetworkSetup;
import lobos.net.dhcp.DhcpLease;
import lobos.net.dhcp.DhcpTimeoutException;

/**
 * What {@code net}, {@code dhcp} and {@code netboot} do and print: the CLI's commands of those
 * names and the boot shell's (docs/netboot.md) are both this code, on the real kernel's
 * network.
 */
public final class NetworkTasks {
    private NetworkTasks() {}

    /** What {@code net --json} prints: the interfaces, their addresses and the routes. */
    public record Status(List<NetLink> links, List<NetworkControl.LinkAddress> addresses,
            List<NetworkControl.Route> routes) {}

    /** What {@code dhcp --json} prints: the lease and how long getting it took. */
    public record Leased(DhcpLease lease, double seconds) {}

    /** What {@code netboot --json} prints: how the network answered, and the menu it named (or null). */
    public record Answer(String how, Menu menu) {}

    /** {@code net}: reads the interfaces, addresses and routes (read-only) and prints them. */
    public static void net(boolean json, PrintWriter out) {
        NetworkControl control = new RtnetlinkControl();
        Status s = new Status(new Links(Links.SYSFS, control).scan(), control.addresses(), control.routes());
        if (json) out.print(Json.write(s));
        else print(s, out);
        out.flush();
    }

    /**
     * {@code dhcp}: the first lease on {@code iface} (or on every Ethernet interface), configured
     * unless {@code configure} is false, then printed. The caller holds the lease (renews,
     * releases) and closes it.
     *
     * @param etc where resolv.conf and hosts go
     * @param log progress lines ("asking DHCP on eth0")
     */
    public static Dhcp.Bound dhcp(String iface, Dhcp.Settings settings, boolean configure, Path etc, boolean json,
            PrintWriter out, Consumer<String> log) throws IOException, InterruptedException {
        RtnetlinkControl control = new RtnetlinkControl();
        Dhcp dhcp = new Dhcp(new Links(Links.SYSFS, control), log);
        long start = System.nanoTime();
        Dhcp.Bound bound = dhcp.first(dhcp.candidates(iface), settings);
        try {
            double seconds = (System.nanoTime() - start) / 1e9;
            if (configure) new NetworkSetup(control, etc, log).apply(bound.lease());
            if (json) out.print(Json.write(new Leased(bound.lease(), seconds)));
            else print(bound.lease(), seconds, out);
            out.flush();
            return bound;
        } catch (IOException | RuntimeException e) {
            bound.close();
            throw e;
        }
    }

    /**
     * {@code netboot}: a lease as a PXE client, configured, then what the network says to boot
     * (the manager at {@code server} if given, pxelinux.cfg, an iPXE script, a boot file); with no
     * lease or nothing named, DHCPv6 for {@code timeout6} and the boot file URL it names (zero:
     * not asked). With {@code ipv6}, DHCPv6 only, for the settings' timeout. Prints what it found.
     *
     * @return whether the network named something to boot
     */
    public static boolean netboot(String iface, String server, Dhcp.Settings settings, Duration timeout6, boolean ipv6,
            Path etc, boolean json, PrintWriter out, Consumer<String> log) throws IOException, InterruptedException {
        RtnetlinkControl control = new RtnetlinkControl();
        Links links = new Links(Links.SYSFS, control);
        Dhcp dhcp = new Dhcp(links, log);
        List<String> names = dhcp.candidates(iface);
        NetworkSetup setup = new NetworkSetup(control, etc, log);
        NetBoot netboot = new NetBoot(new FetchTextSource(FetchOptions.DEFAULTS), new ManagerClient(), log);
        Dhcp6Boot v6 = new Dhcp6Boot(dhcp, links, setup, netboot, settings.version(), log);
        NetBoot.Result result = ipv6 ? v6.resolve(names, settings.timeout(), null, List.of())
                : dhcpThenDhcp6(dhcp, names, settings, server, timeout6, setup, netboot, v6);
        Menu menu = result instanceof NetBoot.Found f ? f.menu() : null;
        if (json) {
            out.print(Json.write(new Answer(result.how(), menu)));
        } else {
            out.println(result.how());
            if (menu != null) {
                out.println("Default: " + (menu.defaultEntry() == null ? "none" : menu.defaultEntry().id()));
                out.println("Timeout: " + MenuLines.timeout(menu.timeout()));
                MenuLines.items(menu).forEach(out::println);
                for (var w : menu.allWarnings()) out.println("warning: " + w);
            }
        }
        out.flush();
        return !(result instanceof NetBoot.Nothing);
    }

    /** DHCP as a PXE client and what its lease names; DHCPv6 when there is no lease or it names nothing. */
    private static NetBoot.Result dhcpThenDhcp6(Dhcp dhcp, List<String> names, Dhcp.Settings settings, String server,
            Duration timeout6, NetworkSetup setup, NetBoot netboot, Dhcp6Boot v6) throws IOException, InterruptedException {
        Dhcp.Bound bound;
        try {
            bound = dhcp.first(names, settings);
        } catch (DhcpTimeoutException e) {
            return v6.instead(e, names, timeout6);
        }
        try (bound) {
            setup.apply(bound.lease());
            NetBoot.Result v4 = netboot.resolve(new BootNetwork(bound.lease(), Dhcp.systemUuid(), BootSettings.arch(),
                    settings.version()), server);
            return v6.unlessNothing(v4, names, timeout6, bound.lease());
        }
    }

    static void print(Status o, PrintWriter out) {
        for (NetLink l : o.links()) {
            out.println(l.name() + ": " + (l.up() ? "up" : "down") + (l.up() ? (l.carrier() ? ", carrier" : ", no carrier") : "")
                    + (l.mac().isEmpty() ? "" : ", " + l.mac()) + (l.driver() == null ? "" : ", driver " + l.driver())
                    + (l.speed() > 0 ? ", " + l.speed() + " Mb/s" : ""));
            for (NetworkControl.LinkAddress a : o.addresses()) {
                if (a.link().equals(l.name())) out.println("    " + a.family() + " " + a.address() + "/" + a.prefix() + " " + a.scope());
            }
        }
        if (!o.routes().isEmpty()) out.println("routes:");
        for (NetworkControl.Route r : o.routes()) {
            out.println("  " + (r.destination().equals("default") ? "default" : r.destination() + "/" + r.prefix())
                    + (r.gateway() == null ? "" : " via " + r.gateway()) + (r.link() == null ? "" : " dev " + r.link())
                    + (r.metric() > 0 ? " metric " + r.metric() : "") + " proto " + r.protocol());
        }
    }

    static void print(DhcpLease l, double seconds, PrintWriter out) {
        out.println(l.link() + " " + l.address().getHostAddress() + "/" + l.prefix() + (l.bootp() ? " (BOOTP)" : "")
                + String.format(Locale.ROOT, " in %.2f s", seconds));
        if (l.server() != null) out.println("  server:    " + l.server().getHostAddress());
        if (l.leaseSeconds() > 0) out.println("  lease:     " + l.leaseSeconds() + " s (renew at " + l.renewSeconds()
                + " s, rebind at " + l.rebindSeconds() + " s)");
        if (l.gateway() != null) out.println("  gateway:   " + l.gateway().getHostAddress());
        if (!l.dns().isEmpty()) out.println("  dns:       " + String.join(" ", l.dns().stream().map(a -> a.getHostAddress()).toList()));
        if (l.domain() != null) out.println("  domain:    " + l.domain());
        if (!l.search().isEmpty()) out.println("  search:    " + String.join(" ", l.search()));
        if (l.hostname() != null) out.println("  hostname:  " + l.hostname());
        if (l.mtu() > 0) out.println("  mtu:       " + l.mtu());
        if (l.bootServer() != null) out.println("  boot server: " + l.bootServer());
        if (l.bootFile() != null) out.println("  boot file: " + l.bootFile());
        if (l.pxelinuxConfig() != null) out.println("  pxelinux config: " + l.pxelinuxConfig());
        if (l.pxelinuxPrefix() != null) out.println("  pxelinux prefix: " + l.pxelinuxPrefix());
        if (l.managerUrl() != null) out.println("  manager:   " + l.managerUrl());
    }
}
