package lobos.netboot;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import lobos.fetch.FetchOptions;
import lobos.linux.RtnetlinkControl;
import lobos.net.Dhcp;
import lobos.net.Links;
import lobos.net.dhcp.DhcpClient;
import lobos.net.dhcp.DhcpOption;
import lobos.net.dhcp.DhcpOptions;
import lobos.net.dhcp6.Dhcp6Client;

/** The network step wired to the real kernel, sockets and fetchers, as the loader runs it. */
public final class NetworkSteps {
    private NetworkSteps() {}

    /** @param etc where resolv.conf and hosts go ("/etc") */
    public static NetworkStep loader(Path etc, String version, Consumer<String> log) {
        RtnetlinkControl control = new RtnetlinkControl();
        Links links = new Links(Links.SYSFS, control);
        NetBoot netboot = new NetBoot(new FetchTextSource(FetchOptions.DEFAULTS), new ManagerClient(), log);
        return new NetworkStep(control, links, new Dhcp(links, log), etc, netboot, version, log);
    }

    /**
     * Walks the network code without changing anything: a DHCP and a DHCPv6 exchange with
     * servers in memory, a netlink socket opened and the links read (a dump, read-only). The image
     * builder's training run calls it so the startup cache holds these classes and FFM's
     * generated code (a first netlink socket costs over a second in a cold JVM); the loader
     * calls it on a virtual thread while it loads modules.
     */
    public static void rehearse() {
        try {
            var id = new DhcpClient.Identity(new byte[] {2, 0, 0, 0, 0, 1}, null, true, 0, null, "lobos", Duration.ofSeconds(5),
                    Duration.ofSeconds(1));
            new DhcpClient("rehearsal", id, new MemoryDhcpServer(address("192.0.2.2"), address("192.0.2.1"),
                    DhcpOptions.builder().u32(DhcpOption.LEASE_TIME, 60).build()), DhcpClient.Clock.SYSTEM, new java.util.SplittableRandom(1), s -> {})
                    .obtain();
            Inet6Address offered = (Inet6Address) java.net.InetAddress.ofLiteral("2001:db8::2");
            new Dhcp6Client("rehearsal", new byte[] {2, 0, 0, 0, 0, 1}, new MemoryDhcp6Server(offered, java.util.List.of(offered),
                    "http://[2001:db8::1]/boot.ipxe"), DhcpClient.Clock.SYSTEM, new java.util.SplittableRandom(1), s -> {})
                    .obtain(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            new RtnetlinkControl().links();
        } catch (RuntimeException e) {
            // no netlink here (a container, a sandbox): nothing to warm
        }
    }

    private static Inet4Address address(String text) {
        return (Inet4Address) java.net.InetAddress.ofLiteral(text);
    }
}
