package lobos.netboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.config.kboot.KbootConf;
import lobos.linux.RecordingNetworkControl;
import lobos.net.Dhcp;
import lobos.net.Links;
import lobos.net.dhcp.DhcpOption;
import lobos.net.dhcp.DhcpOptions;
import lobos.net.dhcp.DhcpTransport;
import lobos.net.dhcp6.Dhcp6Client;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the loader's network step runs DHCP and asks the network, against a fake sysfs, kernel and server. */
class NetworkStepTest {
    @TempDir
    Path dir;

    private final RecordingNetworkControl control = new RecordingNetworkControl();
    private final List<String> log = new ArrayList<>();
    private final List<String> transports = new ArrayList<>();
    private final List<String> transports6 = new ArrayList<>();
    private final java.util.Map<String, String> files = new java.util.HashMap<>();
    /** What DHCP's server names as boot file (null: nothing), and whether it answers at all. */
    private String bootFile = "vmlinuz";
    private boolean dhcpAnswers = true;
    /** DHCPv6's server: the boot file URL it names, or null; whether it answers at all. */
    private String bootFileUrl = "http://[2001:db8::1]/boot.ipxe";
    private boolean dhcp6Answers = true;
    private Path sys;

    @BeforeEach
    void sysfs() throws Exception {
        sys = dir.resolve("sys");
        for (String link : List.of("eth0", "lo")) {
            Path p = Files.createDirectories(sys.resolve(link));
            Files.writeString(p.resolve("address"), link.equals("lo") ? "00:00:00:00:00:00\n" : "52:54:00:12:34:56\n");
            Files.writeString(p.resolve("type"), link.equals("lo") ? "772\n" : "1\n");
            Files.writeString(p.resolve("carrier"), "1\n");
        }
    }

    /** A server on the other end of eth0 that offers 10.0.2.15 with boot file vmlinuz. */
    private DhcpTransport server(String link) {
        transports.add(link);
        var options = DhcpOptions.builder().u32(DhcpOption.LEASE_TIME, 86400)
                .address(DhcpOption.SUBNET_MASK, ip("255.255.255.0")).address(DhcpOption.ROUTER, ip("10.0.2.2"))
                .address(DhcpOption.DNS_SERVERS, ip("10.0.2.3"));
        if (bootFile != null) options.string(DhcpOption.BOOTFILE_NAME, bootFile);
        if (!dhcpAnswers) return new Silence();
        return new MemoryDhcpServer(ip("10.0.2.15"), ip("10.0.2.2"), options.build());
    }

    /** A DHCPv6 server on the other end of eth0: 2001:db8::150, name server 2001:db8::53, boot file URL {@link #bootFileUrl}. */
    private Dhcp6Client.Transport server6(String link) {
        transports6.add(link);
        if (!dhcp6Answers) return new Silence();
        return new MemoryDhcp6Server((Inet6Address) InetAddress.ofLiteral("2001:db8::150"),
                List.of((Inet6Address) InetAddress.ofLiteral("2001:db8::53")), bootFileUrl);
    }

    /** A link where nobody answers, DHCP or DHCPv6. */
    static final class Silence implements DhcpTransport, Dhcp6Client.Transport {
        @Override
        public void send(byte[] packet) {}

        @Override
        public void broadcast(byte[] packet) {}

        @Override
        public void unicast(byte[] packet, Inet4Address server) {}

        @Override
        public byte[] receive(java.time.Duration timeout) throws InterruptedException {
            Thread.sleep(timeout);
            return null;
        }

        @Override
        public void close() {}
    }

    static Inet4Address ip(String s) {
        return (Inet4Address) java.net.InetAddress.ofLiteral(s);
    }

    private Menu run(String cmdline, String kboot) {
        Links links = new Links(sys, control);
        TextSource texts = url -> url.equals("tftp://10.0.2.2/vmlinuz") ? new TextSource.TooLarge()
                : files.containsKey(url) ? new TextSource.Found(files.get(url).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : new TextSource.Missing();
        NetBoot netboot = new NetBoot(texts, new ManagerClient(), log::add);
        KbootConf conf = KbootConf.parse(kboot, "kboot.conf");
        NetworkStep step = new NetworkStep(control, links, new Dhcp(links, this::server, this::server6, log::add), dir.resolve("etc"),
                netboot, "test", log::add);
        try {
            return step.run(cmdline, conf.network(), conf.toMenu(PathContext.NONE, null));
        } finally {
            step.close();
        }
    }

    @Test
    void nothingLocalToBootMeansDhcpOnEveryLinkAndTheNetworksMenu() {
        Menu menu = run("console=ttyS0", "delay=0\n");
        assertThat(transports).containsExactly("eth0");
        assertThat(control.calls).containsExactly("up lo", "up eth0", "address add eth0 10.0.2.15/24 valid 86400",
                "route add eth0 default via 10.0.2.2");
        assertThat(menu.defaultEntry().kernel()).isEqualTo("tftp://10.0.2.2/vmlinuz");
        assertThat(log).contains("eth0 10.0.2.15/24 from DHCP, gateway 10.0.2.2 (server 10.0.2.2, lease 86400 s)",
                "netboot: the kernel tftp://10.0.2.2/vmlinuz named as boot file");
    }

    @Test
    void somethingLocalOrNetworkOffLeavesTheNetworkAlone() {
        Menu local = run("console=ttyS0", "default=a\na=\"/vmlinuz\"\n");
        assertThat(local.defaultEntry().kernel()).isEqualTo("/vmlinuz");
        run("console=ttyS0", "network=off\n");
        assertThat(transports).isEmpty();
        assertThat(control.calls).isEmpty();
    }

    @Test
    void alwaysPutsTheNetworksEntriesFirstAndKeepsTheLocalOnes() {
        Menu menu = run("", "network=always\ndefault=a\na=\"/vmlinuz\"\n");
        assertThat(menu.entries()).extracting(e -> e.kernel()).containsExactly("tftp://10.0.2.2/vmlinuz", "/vmlinuz");
        assertThat(menu.defaultEntry().kernel()).isEqualTo("tftp://10.0.2.2/vmlinuz");
    }

    @Test
    void ipOnTheCommandLineWinsStaticOrDhcp() {
        run("ip=192.0.2.7::192.0.2.1:255.255.255.0::eth0:off", "network=off\n");
        assertThat(control.calls).containsExactly("up lo", "up eth0", "address add eth0 192.0.2.7/24",
                "route add eth0 default via 192.0.2.1");
        assertThat(transports).isEmpty();
        control.calls.clear();
        Menu menu = run("ip=dhcp", "default=a\na=\"/vmlinuz\"\n");
        assertThat(transports).containsExactly("eth0");
        assertThat(menu.defaultEntry().kernel()).as("ip=dhcp alone asks for no network boot").isEqualTo("/vmlinuz");
    }

    @Test
    void kbootConfCanHoldAStaticSettingInTheIpSyntax() {
        run("console=ttyS0", "network=192.0.2.7::192.0.2.1:255.255.255.0::eth0:off\ndefault=a\na=\"/vmlinuz\"\n");
        assertThat(control.calls).containsExactly("up lo", "up eth0", "address add eth0 192.0.2.7/24",
                "route add eth0 default via 192.0.2.1");
        assertThat(transports).isEmpty();
        control.calls.clear();
        run("ip=192.0.2.8:::255.255.255.0::eth0:off", "network=192.0.2.7::192.0.2.1:255.255.255.0::eth0:off\n");
        assertThat(control.calls).as("the kernel's ip= wins").contains("address add eth0 192.0.2.8/24");
    }

    @Test
    void aMissingInterfaceIsOneClearLine() {
        Menu menu = run("", "network=eth9\n");
        assertThat(menu.entries()).isEmpty();
        assertThat(log).contains("network: no network interface eth9", "  lobos net lists the interfaces");
    }

    private static final String SCRIPT = """
            #!ipxe
            kernel http://[2001:db8::1]/vmlinuz console=ttyS0 ip6=${ip6}
            boot
            """;

    @Test
    void whenDhcpNamesNothingToBootDhcpv6sBootFileUrlIsAskedAndBoots() throws Exception {
        bootFile = null;
        files.put("http://[2001:db8::1]/boot.ipxe", SCRIPT);
        // the router advertisement's on-link prefix: the boot file's server is routed
        control.routes.add(new lobos.linux.NetworkControl.Route("inet6", "2001:db8::", 64, null, "eth0", 256, "ra"));
        Menu menu = run("console=ttyS0", "delay=0\n");
        assertThat(transports6).containsExactly("eth0");
        assertThat(menu.defaultEntry().kernel()).isEqualTo("http://[2001:db8::1]/vmlinuz");
        assertThat(menu.defaultEntry().cmdline()).isEqualTo("console=ttyS0 ip6=2001:db8::150");
        assertThat(control.calls).containsSubsequence("address add eth0 10.0.2.15/24 valid 86400",
                "address add eth0 2001:db8:0:0:0:0:0:150/128 valid 600");
        assertThat(log).containsSubsequence("netboot: DHCP named nothing to boot; asking DHCPv6",
                "asking DHCPv6 on eth0 (52:54:00:12:34:56)",
                "eth0 2001:db8::150/128 from DHCPv6, boot file http://[2001:db8::1]/boot.ipxe",
                "netboot: the iPXE script http://[2001:db8::1]/boot.ipxe (DHCPv6 on eth0)");
        // both leases' name servers, DHCPv6's first: the names the boot fetches are its
        assertThat(Files.readString(dir.resolve("etc/resolv.conf"))).endsWith("nameserver 2001:db8::53\nnameserver 10.0.2.3\n");
    }

    @Test
    void whenDhcpGivesNoLeaseDhcpv6IsAskedAndWhatBothTriedIsOneLine() {
        dhcpAnswers = false;
        dhcp6Answers = false;
        Menu menu = run("lobos.dhcp.timeout=1 lobos.dhcp6.timeout=1", "delay=0\n");
        assertThat(menu.entries()).isEmpty();
        assertThat(transports).containsExactly("eth0");
        assertThat(transports6).containsExactly("eth0");
        assertThat(log).contains("network: no DHCP lease on eth0 after 1 s: no DHCP or BOOTP server answered; asking DHCPv6",
                "netboot: nothing to boot from the network: tried no DHCP lease on eth0 after 1 s: no DHCP or BOOTP server"
                        + " answered; no DHCPv6 answer on eth0 after 1 s");
    }

    @Test
    void aLinkWithoutCarrierIsNotAskedAgainByDhcpv6() throws Exception {
        Files.writeString(sys.resolve("eth0/carrier"), "0\n");
        Links links = new Links(sys, control);
        Dhcp6Boot v6 = new Dhcp6Boot(new Dhcp(links, this::server, this::server6, log::add), links,
                new lobos.net.NetworkSetup(control, dir.resolve("etc"), log::add), new NetBoot(url -> new TextSource.Missing(),
                new ManagerClient(), log::add), "test", log::add);
        var noLease = new lobos.net.dhcp.DhcpTimeoutException("eth0 has no carrier after 5000 ms", "plug in the cable");
        assertThatThrownBy(() -> v6.instead(noLease, List.of("eth0"), java.time.Duration.ofSeconds(10))).isSameAs(noLease);
        assertThat(transports6).isEmpty();
    }

    @Test
    void dhcpv6CanBeTurnedOffAndIsNotAskedAfterAStaticSettingOrAnAnswer() {
        bootFile = null;
        run("lobos.dhcp6.timeout=0", "delay=0\n");
        assertThat(transports6).isEmpty();
        assertThat(log).contains("netboot: nothing to boot from the network: tried no boot file or server in the lease");
        run("ip=192.0.2.7::192.0.2.1:255.255.255.0::eth0:off", "network=always\n");
        assertThat(transports6).as("a static ip= runs no DHCP, so no DHCPv6 either").isEmpty();
        bootFile = "vmlinuz";
        run("", "delay=0\n");
        assertThat(transports6).as("DHCP named a kernel").isEmpty();
    }

    @Test
    void theServerToWaitForARouteToIsTheBootFileUrlsAddress() {
        assertThat(Dhcp6Boot.literal("http://[2001:db8::1]:8080/boot.ipxe")).isEqualTo(InetAddress.ofLiteral("2001:db8::1"));
        assertThat(Dhcp6Boot.literal("tftp://[fe80::1%25eth0]/x")).as("a zone").isNull();
        assertThat(Dhcp6Boot.literal("http://boot.lab.test/boot.ipxe")).as("a name").isNull();
        assertThat(Dhcp6Boot.literal("not a url")).isNull();
        assertThat(Dhcp6Boot.literal(null)).isNull();
    }

    @Test
    void theRehearsalRunsTheClientAgainstItsInMemoryServer() {
        NetworkSteps.rehearse(); // an exchange that failed would throw DhcpTimeoutException
    }
}
