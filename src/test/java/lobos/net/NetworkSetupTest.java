package lobos.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lobos.linux.RecordingNetworkControl;
import lobos.net.dhcp.DhcpLease;
import lobos.net.dhcp.DhcpOptions;
import lobos.net.dhcp.DhcpValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkSetupTest {
    @TempDir
    Path etc;

    private final RecordingNetworkControl control = new RecordingNetworkControl();
    private final List<String> log = new ArrayList<>();

    static Inet4Address ip(String s) {
        return (Inet4Address) InetAddress.ofLiteral(s);
    }

    private DhcpLease lease(List<DhcpValues.ClasslessRoute> routes, int mtu) {
        return new DhcpLease("eth0", "52:54:00:12:34:56", ip("192.0.2.50"), 24, ip("192.0.2.1"), routes.isEmpty()
                ? List.of(ip("192.0.2.254")) : List.of(), routes, List.of(ip("192.0.2.53"), ip("192.0.2.54"), ip("192.0.2.55"),
                ip("192.0.2.56")), "lab.test", List.of("lab.test", "example.test"), "node7", mtu, List.of(), 600, 300, 525,
                null, null, null, null, null, null, null, false, Instant.EPOCH, DhcpOptions.EMPTY);
    }

    @Test
    void appliesAddressMtuDefaultRouteResolverAndHosts() throws Exception {
        Files.writeString(etc.resolve("hosts"), "192.0.2.9\tfileserver\n192.0.2.40\told\t# lobos\n");
        new NetworkSetup(control, etc, log::add).apply(lease(List.of(), 9000));
        assertThat(control.calls).containsExactly("mtu eth0 9000", "address add eth0 192.0.2.50/24 valid 600",
                "route add eth0 default via 192.0.2.254");
        assertThat(Files.readString(etc.resolve("resolv.conf"))).isEqualTo("""
                # written by lobos from its network configuration
                search lab.test example.test
                nameserver 192.0.2.53
                nameserver 192.0.2.54
                nameserver 192.0.2.55
                """);
        assertThat(Files.readString(etc.resolve("hosts"))).isEqualTo("192.0.2.9\tfileserver\n192.0.2.50\tnode7.lab.test node7\t# lobos\n");
        assertThat(log).containsExactly("eth0 192.0.2.50/24 from DHCP, gateway 192.0.2.254 (server 192.0.2.1, lease 600 s)");
    }

    @Test
    void classlessRoutesAndATooSmallMtu() throws Exception {
        new NetworkSetup(control, etc, log::add).apply(lease(List.of(
                new DhcpValues.ClasslessRoute(ip("198.51.100.0"), 24, ip("192.0.2.2")),
                new DhcpValues.ClasslessRoute(ip("192.0.2.0"), 24, ip("0.0.0.0")),
                new DhcpValues.ClasslessRoute(ip("0.0.0.0"), 0, ip("192.0.2.1"))), 40));
        assertThat(control.calls).containsExactly("address add eth0 192.0.2.50/24 valid 600",
                "route add eth0 198.51.100.0/24 via 192.0.2.2", "route add eth0 192.0.2.0/24", "route add eth0 default via 192.0.2.1");
    }

    @Test
    void staticIpSetting() throws Exception {
        new NetworkSetup(control, etc, log::add).apply(IpConfig.parse("10.1.2.3::10.1.2.1:::eth1:off:192.0.2.53"), "eth1");
        assertThat(control.calls).containsExactly("address add eth1 10.1.2.3/8", "route add eth1 default via 10.1.2.1");
        assertThat(Files.readString(etc.resolve("resolv.conf"))).contains("nameserver 192.0.2.53\n");
        assertThat(log).containsExactly("eth1 10.1.2.3/8 (static, ip=), gateway 10.1.2.1");
    }

    @Test
    void aRouteLeadsToAnAddressInItsPrefixOrAsDefaultOfItsFamily() throws Exception {
        InetAddress server = InetAddress.ofLiteral("2001:db8::1");
        var onLink = new lobos.linux.NetworkControl.Route("inet6", "2001:db8::", 64, null, "eth0", 256, "ra");
        assertThat(NetworkSetup.routes(onLink, server)).isTrue();
        assertThat(NetworkSetup.routes(onLink, InetAddress.ofLiteral("2001:db8:0:1::1"))).isFalse();
        assertThat(NetworkSetup.routes(new lobos.linux.NetworkControl.Route("inet6", "2001:db8::150", 128, null, "eth0", 256,
                "kernel"), server)).as("the lease's own /128").isFalse();
        assertThat(NetworkSetup.routes(new lobos.linux.NetworkControl.Route("inet6", "2001:db8::", 63, null, "eth0", 0, "ra"),
                InetAddress.ofLiteral("2001:db8:0:1::9"))).isTrue();
        assertThat(NetworkSetup.routes(new lobos.linux.NetworkControl.Route("inet", "default", 0, "192.0.2.1", "eth0", 0, "dhcp"),
                server)).as("an IPv4 default route").isFalse();
        assertThat(NetworkSetup.routes(new lobos.linux.NetworkControl.Route("inet6", "default", 0, "fe80::1", "eth0", 1024, "ra"),
                server)).isTrue();
        NetworkSetup setup = new NetworkSetup(control, etc, log::add);
        assertThat(setup.awaitRoute(InetAddress.ofLiteral("fe80::1"), java.time.Duration.ZERO)).as("link-local").isTrue();
        assertThat(setup.awaitRoute(server, java.time.Duration.ZERO)).isFalse();
        control.routes.add(onLink);
        assertThat(setup.awaitRoute(server, java.time.Duration.ZERO)).isTrue();
    }
}
