package lobos.netboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.net.ManagerRequest;
import lobos.net.ManagerResponse;
import lobos.net.dhcp.DhcpLease;
import lobos.net.dhcp.DhcpOptions;
import lobos.net.dhcp6.Dhcp6Lease;
import org.junit.jupiter.api.Test;

/** The network boot's order and results, against a map of files and a scripted manager. */
class NetBootTest {
    static final UUID UUID_ = UUID.fromString("4c4c4544-0033-4810-8039-b4c04f4a3132");
    private final Map<String, String> files = new HashMap<>();
    private final List<String> read = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private ManagerResponse managerAnswer;
    private ManagerRequest asked;

    private final TextSource texts = url -> {
        read.add(url);
        String t = files.get(url);
        if (t == null) return new TextSource.Missing();
        if (t.equals("<big>")) return new TextSource.TooLarge();
        return new TextSource.Found(t.getBytes(StandardCharsets.UTF_8));
    };

    private final ManagerClient manager = new ManagerClient() {
        @Override
        public ManagerResponse ask(String url, ManagerRequest request) throws IOException {
            asked = request;
            if (managerAnswer == null) throw new IOException("connection refused");
            return managerAnswer;
        }
    };

    static Inet4Address ip(String s) {
        return (Inet4Address) InetAddress.ofLiteral(s);
    }

    static DhcpLease lease(String bootFile, String p209, String p210, String manager) {
        return new DhcpLease("eth0", "52:54:00:12:34:56", ip("192.0.2.91"), 24, ip("192.0.2.1"), List.of(ip("192.0.2.254")),
                List.of(), List.of(ip("192.0.2.53")), "lab.test", List.of(), "node7", 0, List.of(), 600, 300, 525,
                ip("192.0.2.1"), null, bootFile, null, p209, p210, manager, false, Instant.EPOCH, DhcpOptions.EMPTY);
    }

    private NetBoot.Result resolve(DhcpLease lease, String server) throws Exception {
        return new NetBoot(texts, manager, log::add).resolve(new BootNetwork(lease, UUID_, "x86_64", "9.9"), server);
    }

    @Test
    void pxelinuxLooksUpTheNamesInOrderAndKeepsIpappendForTheBoot() throws Exception {
        files.put("tftp://192.0.2.1/boot/pxelinux.cfg/C000025B", """
                DEFAULT linux
                PROMPT 0
                LABEL linux
                  KERNEL vmlinuz
                  APPEND initrd=initrd.img,/extra.img console=ttyS0
                  IPAPPEND 3
                """);
        var result = resolve(lease("boot/pxelinux.0", null, null, null), null);
        assertThat(read).containsExactly(
                "tftp://192.0.2.1/boot/pxelinux.cfg/4c4c4544-0033-4810-8039-b4c04f4a3132",
                "tftp://192.0.2.1/boot/pxelinux.cfg/01-52-54-00-12-34-56",
                "tftp://192.0.2.1/boot/pxelinux.cfg/C000025B");
        Menu menu = ((NetBoot.Found) result).menu();
        BootEntry e = menu.defaultEntry();
        assertThat(e.kernel()).isEqualTo("tftp://192.0.2.1/boot/vmlinuz");
        assertThat(e.initrds()).containsExactly("tftp://192.0.2.1/boot/initrd.img", "tftp://192.0.2.1/extra.img");
        // the IPAPPEND words are added at boot, from the lease then (lobos.boot.Booter)
        assertThat(e.cmdline()).isEqualTo("console=ttyS0");
        assertThat(e.sysappend()).isEqualTo(3);
    }

    @Test
    void ipappendAndSysappendWordsComeFromTheLease() throws Exception {
        var net = new BootNetwork(lease("boot/pxelinux.0", null, null, null), UUID_, "x86_64", "9.9");
        assertThat(net.append(BootEntry.SYSAPPEND_IP | BootEntry.SYSAPPEND_BOOTIF | BootEntry.SYSAPPEND_SYSUUID))
                .containsExactly("ip=192.0.2.91:192.0.2.1:192.0.2.254:255.255.255.0", "BOOTIF=01-52-54-00-12-34-56",
                        "SYSUUID=" + UUID_);
        assertThat(net.append(0)).isEmpty();
    }

    @Test
    void options209And210NameTheConfigAndItsDirectoryOverHttp() throws Exception {
        files.put("http://192.0.2.1/pxe/cfg/node7", "LABEL x\n KERNEL http://192.0.2.9/k\n SYSAPPEND 4\n");
        var result = resolve(lease("pxelinux.0", "cfg/node7", "http://192.0.2.1/pxe/", null), null);
        assertThat(read).containsExactly("http://192.0.2.1/pxe/cfg/node7");
        BootEntry e = ((NetBoot.Found) result).menu().entries().getFirst();
        assertThat(e.kernel()).isEqualTo("http://192.0.2.9/k");
        assertThat(e.cmdline()).isEmpty();
        assertThat(e.sysappend()).isEqualTo(4);
    }

    @Test
    void anIpxeScriptNamedAsBootFileGetsTheLeasesSettings() throws Exception {
        files.put("http://192.0.2.1/boot.ipxe", """
                #!ipxe
                kernel vmlinuz ip=${net0/ip}::${net0/gateway}:${netmask} BOOTIF=${mac} uuid=${uuid}
                initrd initrd.img
                boot
                """);
        var result = resolve(lease("http://192.0.2.1/boot.ipxe", null, null, null), null);
        assertThat(read).first().isEqualTo("http://192.0.2.1/pxelinux.cfg/" + UUID_);
        assertThat(read).last().isEqualTo("http://192.0.2.1/boot.ipxe");
        BootEntry e = ((NetBoot.Found) result).menu().defaultEntry();
        assertThat(e.kernel()).isEqualTo("http://192.0.2.1/vmlinuz");
        assertThat(e.initrds()).containsExactly("http://192.0.2.1/initrd.img");
        assertThat(e.cmdline()).isEqualTo("ip=192.0.2.91::192.0.2.254:255.255.255.0 BOOTIF=52:54:00:12:34:56 uuid=" + UUID_);
    }

    @Test
    void aKernelNamedAsBootFileBootsAtOnceAndFirmwareProgramsAreNamed() throws Exception {
        files.put("tftp://192.0.2.1/vmlinuz-6.1", "<big>");
        var kernel = (NetBoot.Found) resolve(lease("vmlinuz-6.1", null, null, null), null);
        assertThat(kernel.menu().defaultEntry().kernel()).isEqualTo("tftp://192.0.2.1/vmlinuz-6.1");
        assertThat(kernel.menu().timeout()).isZero();
        var nothing = resolve(lease("undionly.kpxe", null, null, null), null);
        assertThat(nothing).isInstanceOf(NetBoot.Nothing.class);
        assertThat(nothing.how()).contains("pxelinux.cfg under tftp://192.0.2.1/ (11 names, none found)",
                "boot file undionly.kpxe (a boot program for firmware");
    }

    @Test
    void theManagerComesFirstAndItsAnswerDecides() throws Exception {
        managerAnswer = new ManagerResponse.Menu("http://192.0.2.1/k/vmlinuz initrd=http://192.0.2.1/k/initrd console=ttyS0");
        var found = (NetBoot.Found) resolve(lease("pxelinux.0", null, null, "http://192.0.2.1:8080/v1/boot"), null);
        assertThat(read).isEmpty();
        assertThat(asked).isEqualTo(new ManagerRequest("52:54:00:12:34:56", UUID_.toString(), "x86_64", "9.9", "192.0.2.91",
                "node7", "eth0"));
        BootEntry e = found.menu().defaultEntry();
        assertThat(e.kernel()).isEqualTo("http://192.0.2.1/k/vmlinuz");
        assertThat(e.initrds()).containsExactly("http://192.0.2.1/k/initrd");
        assertThat(e.cmdline()).isEqualTo("console=ttyS0");
        assertThat(found.menu().timeout()).isZero();

        managerAnswer = new ManagerResponse.Menu("default=b\ndelay=5\na=\"/a\"\nb=\"/b\"\n");
        Menu menu = ((NetBoot.Found) resolve(lease(null, null, null, null), "http://m/")).menu();
        assertThat(menu.defaultId()).isEqualTo("b");
        assertThat(menu.entries()).hasSize(2);

        managerAnswer = new ManagerResponse.Local();
        assertThat(resolve(lease("pxelinux.0", null, null, null), "http://m/")).isInstanceOf(NetBoot.Local.class);

        managerAnswer = new ManagerResponse.Unknown();
        read.clear();
        assertThat(resolve(lease("pxelinux.0", null, null, null), "http://m/")).isInstanceOf(NetBoot.Nothing.class);
        assertThat(read).hasSize(11);

        managerAnswer = null; // unreachable: a warning, then the other methods
        assertThat(resolve(lease("pxelinux.0", null, null, null), "http://m/").how()).contains("the manager at http://m/ (no answer)");
        assertThat(log).anyMatch(l -> l.contains("connection refused"));
    }

    @Test
    void aLeaseWithoutBootFileOrServerSaysSo() throws Exception {
        var r = resolve(lease(null, null, null, null), null);
        assertThat(r.how()).isEqualTo("nothing to boot from the network: tried no boot file or server in the lease");
    }

    @Test
    void managerRequestsRoundTripThroughTheirQuery() {
        var r = new ManagerRequest("52:54:00:12:34:56", UUID_.toString(), "x86_64", "1.0 beta", "192.0.2.91", null, "eth0");
        assertThat(r.query()).isEqualTo("mac=52%3A54%3A00%3A12%3A34%3A56&uuid=" + UUID_
                + "&arch=x86_64&version=1.0+beta&ip=192.0.2.91&link=eth0");
        assertThat(ManagerRequest.fromQuery(r.query() + "&future=1")).isEqualTo(r);
        assertThat(r.uri("http://m:8080/boot?site=a").toString()).startsWith("http://m:8080/boot?site=a&mac=");
        assertThat(ManagerResponse.fromHttp(204, "")).isEqualTo(new ManagerResponse.Local());
        assertThat(ManagerResponse.fromHttp(404, "x")).isEqualTo(new ManagerResponse.Unknown());
        assertThat(ManagerResponse.fromHttp(503, "")).isNull();
        assertThat(new ManagerResponse.Menu("a=b").status()).isEqualTo(200);
    }

    static java.net.Inet6Address ip6(String s) {
        return (java.net.Inet6Address) InetAddress.ofLiteral(s);
    }

    static Dhcp6Lease lease6(String url, List<String> params) {
        return new Dhcp6Lease("eth0", ip6("2001:db8::150"), 600, 600, 300, 480, List.of(ip6("2001:db8::53")), List.of("lab.test"),
                url, params, "0003000102000000000001");
    }

    private NetBoot.Result resolve6(Dhcp6Lease lease, List<String> before) throws Exception {
        return new NetBoot(texts, manager, log::add).resolve(new BootNetwork6(lease, "52:54:00:12:34:56", UUID_, "x86_64", "9.9"),
                before);
    }

    @Test
    void theUrlDhcpv6NamesIsAnIpxeScriptWithItsIpv6Settings() throws Exception {
        files.put("http://[2001:db8::1]/boot/boot.ipxe", """
                #!ipxe
                kernel vmlinuz ip6=${net0/ip6} dns=${dns6} search=${dnssl} BOOTIF=${mac} from=${filename}
                initrd http://[2001:db8::1]/initrd.img
                boot
                """);
        var result = resolve6(lease6("http://[2001:db8::1]/boot/boot.ipxe", List.of()), List.of("no boot file or server in the lease"));
        assertThat(read).containsExactly("http://[2001:db8::1]/boot/boot.ipxe");
        assertThat(result.how()).isEqualTo("the iPXE script http://[2001:db8::1]/boot/boot.ipxe (DHCPv6 on eth0)");
        BootEntry e = ((NetBoot.Found) result).menu().defaultEntry();
        assertThat(e.kernel()).isEqualTo("http://[2001:db8::1]/boot/vmlinuz");
        assertThat(e.initrds()).containsExactly("http://[2001:db8::1]/initrd.img");
        assertThat(e.cmdline()).isEqualTo("ip6=2001:db8::150 dns=2001:db8::53 search=lab.test BOOTIF=52:54:00:12:34:56"
                + " from=http://[2001:db8::1]/boot/boot.ipxe");
    }

    @Test
    void aKernelDhcpv6NamesBootsWithTheBootFileParametersAsItsCommandLine() throws Exception {
        files.put("tftp://[2001:db8::1]/vmlinuz", "<big>");
        var found = (NetBoot.Found) resolve6(lease6("tftp://[2001:db8::1]/vmlinuz", List.of("root=/dev/nfs", "console=ttyS0")),
                List.of());
        BootEntry e = found.menu().defaultEntry();
        assertThat(e.kernel()).isEqualTo("tftp://[2001:db8::1]/vmlinuz");
        assertThat(e.cmdline()).isEqualTo("root=/dev/nfs console=ttyS0");
        assertThat(found.menu().timeout()).isZero();
        assertThat(found.how()).isEqualTo("the kernel tftp://[2001:db8::1]/vmlinuz named as boot file (DHCPv6 on eth0)");
    }

    @Test
    void whatDhcpv6CannotBootIsAddedToWhatWasTried() throws Exception {
        var none = resolve6(lease6(null, List.of()), List.of("no DHCP lease on eth0 after 30 s"));
        assertThat(none.how()).isEqualTo("nothing to boot from the network: tried no DHCP lease on eth0 after 30 s;"
                + " DHCPv6 on eth0 (a reply without a boot file URL, option 59)");
        var firmware = (NetBoot.Nothing) resolve6(lease6("tftp://[2001:db8::1]/ipxe.efi", List.of()), List.of("x"));
        assertThat(firmware.tried()).containsExactly("x", "boot file tftp://[2001:db8::1]/ipxe.efi (a boot program for firmware;"
                + " lobos reads pxelinux.cfg and iPXE scripts itself)");
        var missing = (NetBoot.Nothing) resolve6(lease6("http://[2001:db8::1]/gone.ipxe", List.of()), List.of());
        assertThat(missing.tried()).containsExactly("boot file http://[2001:db8::1]/gone.ipxe (not found)");
        var notUrl = (NetBoot.Nothing) resolve6(lease6("boot.ipxe", List.of()), List.of());
        assertThat(notUrl.tried()).containsExactly("DHCPv6 on eth0 (its boot file URL boot.ipxe is no URL)");
        assertThat(read).containsExactly("http://[2001:db8::1]/gone.ipxe");
    }

    @Test
    void aDhcpv6LeaseFillsBootifAndSysuuidButNoIpv4Ipappend() {
        var net = new BootNetwork6(lease6(null, List.of()), "52:54:00:AB:CD:EF", UUID_, "x86_64", "9.9");
        assertThat(net.append(BootEntry.SYSAPPEND_IP | BootEntry.SYSAPPEND_BOOTIF | BootEntry.SYSAPPEND_SYSUUID))
                .containsExactly("BOOTIF=01-52-54-00-ab-cd-ef", "SYSUUID=" + UUID_);
        assertThat(new BootNetwork6(lease6(null, List.of()), "52:54:00:ab:cd:ef", null, "x86_64", "9.9").append(7))
                .containsExactly("BOOTIF=01-52-54-00-ab-cd-ef");
    }

    @Test
    void netbootsHostPathFormAtTheShell() {
        DhcpLease l = lease(null, null, null, null);
        BootEntry e = HostPath.entry("server9:/images/vmlinuz root=/dev/nfs ro", l).orElseThrow();
        assertThat(e.kernel()).isEqualTo("tftp://server9/images/vmlinuz");
        assertThat(e.cmdline()).isEqualTo("root=/dev/nfs ro");
        assertThat(HostPath.entry(":kernel", l).orElseThrow().kernel()).isEqualTo("tftp://192.0.2.1/kernel");
        assertThat(HostPath.entry("kernel quiet", l).orElseThrow().kernel()).isEqualTo("tftp://192.0.2.1/kernel");
        assertThat(HostPath.entry("kernel", null)).isEmpty();
        assertThat(HostPath.entry("http://x/k", l)).isEmpty();
    }
}
