package lobos.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lobos's DHCP client against real servers, in network namespaces this test makes (DhcpLab):
 * dnsmasq as a DHCP server, as a BOOTP-only server, two servers at once, one that NAKs a
 * renewal, none at all, busybox udhcpd, and dnsmasq's DHCPv6. lobos runs in the client namespace and writes its
 * resolv.conf and hosts into a test directory.
 */
class DhcpNetnsTest {
    @TempDir
    Path dir;

    private DhcpLab lab;

    @AfterEach
    void close() throws Exception {
        if (lab != null) lab.close();
    }

    private DhcpLab lab() throws Exception {
        DhcpLab.assumeDnsmasq();
        lab = DhcpLab.create("dhcp", dir);
        return lab;
    }

    private String etc() {
        return dir.resolve("etc").toString();
    }

    @Test
    void leaseFromDnsmasqWithEveryOptionLobosConfigures() throws Exception {
        lab();
        lab.dnsmasq("dnsmasq", lab.server, "br0", "--dhcp-range=192.0.2.50,192.0.2.59,255.255.255.0,10m",
                "--dhcp-option=option:router,192.0.2.254", "--dhcp-option=option:dns-server,192.0.2.53,192.0.2.54",
                "--dhcp-option=option:domain-name,lab.test", "--dhcp-option=option:domain-search,lab.test,example.test",
                "--dhcp-option=option:mtu,1400", "--dhcp-host=" + DhcpLab.MAC + ",node7",
                "--dhcp-boot=pxelinux.0,boothost,192.0.2.9", "--dhcp-option=209,cfg/node7",
                "--dhcp-option=210,/srv/tftp/", "--dhcp-option=224,http://192.0.2.1:8080/v1/boot");
        var r = lab.run("dhcp", DhcpLab.CLIENT_LINK, "--json", "--etc", etc(), "--timeout", "20");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"link\": \"vc\"", "\"mac\": \"52:54:00:12:34:56\"", "\"prefix\": 24",
                "\"server\": \"192.0.2.1\"", "\"domain\": \"lab.test\"", "\"hostname\": \"node7\"", "\"mtu\": 1400",
                "\"leaseSeconds\": 600", "\"nextServer\": \"192.0.2.9\"", "\"tftpServer\": \"boothost\"",
                "\"bootFile\": \"pxelinux.0\"", "\"pxelinuxConfig\": \"cfg/node7\"", "\"pxelinuxPrefix\": \"/srv/tftp/\"",
                "\"managerUrl\": \"http://192.0.2.1:8080/v1/boot\"", "\"bootp\": false");
        assertThat(r.out()).containsPattern("\"address\": \"192\\.0\\.2\\.5\\d\"");
        assertThat(r.out()).contains("\"search\": [\n      \"lab.test\",\n      \"example.test\"\n    ]");
        String state = lab.clientState();
        assertThat(state).containsPattern("inet 192\\.0\\.2\\.5\\d/24 brd 192\\.0\\.2\\.255 scope global dynamic vc")
                .contains("mtu 1400", "default via 192.0.2.254 dev vc");
        assertThat(Files.readString(dir.resolve("etc/resolv.conf"))).contains("search lab.test example.test\n",
                "nameserver 192.0.2.53\nnameserver 192.0.2.54\n");
        assertThat(Files.readString(dir.resolve("etc/hosts"))).containsPattern("192\\.0\\.2\\.5\\d\tnode7\\.lab\\.test node7\t# lobos");
        String log = lab.log("dnsmasq");
        assertThat(log).contains("DHCPDISCOVER(br0) 52:54:00:12:34:56", "DHCPACK(br0)");
        // what lobos sent, as dnsmasq read it: client id, vendor and user class
        assertThat(log).doesNotContain("PXEClient").contains("vendor class: lobos:", "user class: lobos");
    }

    @Test
    void asAPxeClientDnsmasqSeesPxeClientAndAnswersWithItsPxeBootFile() throws Exception {
        lab();
        lab.dnsmasq("dnsmasq", lab.server, "br0", "--dhcp-range=192.0.2.50,192.0.2.59,255.255.255.0,10m",
                "--dhcp-vendorclass=set:pxe,PXEClient", "--dhcp-userclass=set:lobos,lobos",
                "--dhcp-boot=tag:pxe,tag:lobos,lobos.ipxe", "--dhcp-boot=tag:!lobos,firmware.kpxe");
        var r = lab.run("dhcp", DhcpLab.CLIENT_LINK, "--pxe", "--json", "--no-configure", "--timeout", "20");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"bootFile\": \"lobos.ipxe\"");
        assertThat(lab.log("dnsmasq")).contains("vendor class: PXEClient:Arch:00000:UNDI:003016", "user class: lobos");
        assertThat(lab.clientState()).doesNotContain("192.0.2.5");
    }

    @Test
    void aBootpOnlyServerGivesABootpLease() throws Exception {
        lab();
        lab.dnsmasq("dnsmasq", lab.server, "br0", "--dhcp-range=192.0.2.0,static,255.255.255.0",
                "--dhcp-host=" + DhcpLab.MAC + ",192.0.2.60", "--dhcp-ignore=tag:!bootp", "--dhcp-boot=vmlinuz");
        var r = lab.run("dhcp", DhcpLab.CLIENT_LINK, "--json", "--etc", etc(), "--timeout", "30");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"address\": \"192.0.2.60\"", "\"bootp\": true", "\"bootFile\": \"vmlinuz\"",
                "\"leaseSeconds\": 0");
        assertThat(r.err()).contains("BOOTP reply from 192.0.2.1", "vc 192.0.2.60/24 from BOOTP");
        assertThat(lab.log("dnsmasq")).contains("BOOTP(br0) 192.0.2.60 52:54:00:12:34:56").doesNotContain("DHCPOFFER");
        assertThat(lab.clientState()).contains("inet 192.0.2.60/24");
    }

    @Test
    void twoServersOfferAndTheClientTakesExactlyOne() throws Exception {
        lab();
        lab.addSecondServer();
        lab.dnsmasq("first", lab.server, "br0", "--dhcp-range=192.0.2.50,192.0.2.59,255.255.255.0,10m");
        lab.dnsmasq("second", lab.second, "vt", "--dhcp-range=192.0.2.150,192.0.2.159,255.255.255.0,10m");
        var r = lab.run("dhcp", DhcpLab.CLIENT_LINK, "--json", "--etc", etc(), "--timeout", "20");
        assertThat(r.exit()).as(r.err()).isZero();
        String first = lab.log("first"), second = lab.log("second");
        assertThat(first).contains("DHCPDISCOVER(br0)");
        assertThat(second).contains("DHCPDISCOVER(vt)");
        boolean fromFirst = r.out().contains("\"server\": \"192.0.2.1\"");
        assertThat(r.out()).containsPattern(fromFirst ? "\"address\": \"192\\.0\\.2\\.5\\d\"" : "\"address\": \"192\\.0\\.2\\.15\\d\"");
        assertThat((fromFirst ? first : second)).contains("DHCPACK");
        assertThat((fromFirst ? second : first)).doesNotContain("DHCPACK");
    }

    @Test
    void noServerIsABoundedClearFailure() throws Exception {
        lab();
        var r = lab.run("dhcp", DhcpLab.CLIENT_LINK, "--etc", etc(), "--timeout", "6");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("lobos: no DHCP lease on vc after 6 s: no DHCP or BOOTP server answered",
                "check the cable or virtual network");
        assertThat(r.seconds()).isLessThan(30);
        assertThat(lab.clientState()).doesNotContain("inet 192");
    }

    @Test
    void theLeaseIsRenewedAtT1AndANakingServerTakesItBack() throws Exception {
        lab();
        Process first = lab.dnsmasq("dnsmasq", lab.server, "br0", "--dhcp-range=192.0.2.50,192.0.2.59,255.255.255.0,2m",
                "--dhcp-option=option:T1,2", "--dhcp-option=option:T2,4");
        Process client = new ProcessBuilder(lab.lobos("dhcp", DhcpLab.CLIENT_LINK, "--json", "--etc", etc(), "--timeout", "20",
                "--hold", "12")).redirectError(dir.resolve("client.err").toFile()).start();
        try (var out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder json = new StringBuilder();
            for (String line; (line = out.readLine()) != null && !line.equals("}"); ) json.append(line).append('\n');
            assertThat(json).containsPattern("\"renewSeconds\": [23],");
            // two renewals with the server that gave the lease
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (DhcpLab.text(dir.resolve("client.err")).split("renewed 192", -1).length < 3) {
                assertThat(System.nanoTime()).as(DhcpLab.text(dir.resolve("client.err"))).isLessThan(deadline);
                Thread.sleep(100);
            }
            // a new, authoritative server for another range NAKs the next renewal
            DhcpLab.stop(first);
            lab.dnsmasq("nak", lab.server, "br0", "--dhcp-range=192.0.2.100,192.0.2.109,255.255.255.0,2m",
                    "--dhcp-authoritative");
            assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        String err = DhcpLab.text(dir.resolve("client.err"));
        assertThat(err).containsPattern("lost the lease: vc: 192\\.0\\.2\\.1 took back 192\\.0\\.2\\.5\\d \\(NAK\\)");
        assertThat(lab.log("dnsmasq")).contains("DHCPREQUEST(br0) 192.0.2.5");
        assertThat(lab.log("nak")).contains("DHCPNAK(br0)");
    }

    @Test
    void leaseFromBusyboxUdhcpd() throws Exception {
        lab = DhcpLab.create("udhcpd", dir);
        lab.udhcpd("""
                start 192.0.2.100
                end 192.0.2.120
                opt router 192.0.2.1
                opt subnet 255.255.255.0
                opt dns 192.0.2.53
                opt domain lab.test
                opt lease 600
                """);
        var r = lab.run("dhcp", DhcpLab.CLIENT_LINK, "--json", "--etc", etc(), "--timeout", "20", "--release");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("\"address\": \"192\\.0\\.2\\.1[01]\\d\"").contains("\"leaseSeconds\": 600",
                "\"domain\": \"lab.test\"", "\"server\": \"192.0.2.1\"");
        assertThat(lab.clientState()).contains("default via 192.0.2.1 dev vc");
        assertThat(r.err()).contains("released 192.0.2.1");
    }

    /** DHCPv6 against dnsmasq's DHCPv6 server (2001:db8::/64, the documentation prefix). */
    @Test
    void addressNameServersAndBootFileUrlFromDnsmasq() throws Exception {
        lab();
        lab.ip(lab.server, "addr", "add", "2001:db8::1/64", "dev", "br0", "nodad");
        lab.dnsmasq6("dnsmasq", "--dhcp-range=2001:db8::100,2001:db8::1ff,64,10m",
                "--dhcp-option=option6:dns-server,[2001:db8::53]", "--dhcp-option=option6:domain-search,lab.test",
                "--dhcp-option=option6:bootfile-url,http://[2001:db8::1]/boot.ipxe");
        var r = lab.run("dhcp", DhcpLab.CLIENT_LINK, "--ipv6", "--json", "--etc", dir.resolve("etc").toString(), "--timeout", "20");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("\"address\": \"2001:db8::1[0-9a-f]{2}\"").contains("\"validSeconds\": 600",
                "\"dns\": [\n      \"2001:db8::53\"\n    ]", "\"bootFileUrl\": \"http://[2001:db8::1]/boot.ipxe\"");
        assertThat(lab.clientState()).containsPattern("inet6 2001:db8::1[0-9a-f]{2}/128 scope global");
        assertThat(Files.readString(dir.resolve("etc/resolv.conf"))).contains("search lab.test\n", "nameserver 2001:db8::53\n");
        assertThat(lab.log("dnsmasq")).contains("DHCPSOLICIT(br0) 00:03:00:01:52:54:00:12:34:56", "DHCPREPLY(br0)");
    }

    @Test
    void netbootReadsThePxelinuxConfigForItsMacFromDnsmasqsTftp() throws Exception {
        lab();
        Path tftp = Files.createDirectories(dir.resolve("tftp/boot/pxelinux.cfg")).getParent().getParent();
        Files.writeString(tftp.resolve("boot/pxelinux.cfg/01-52-54-00-12-34-56"), """
                DEFAULT node
                PROMPT 0
                LABEL node
                  KERNEL vmlinuz
                  APPEND initrd=initrd.img console=ttyS0
                  IPAPPEND 2
                """);
        lab.dnsmasq("dnsmasq", lab.server, "br0", "--dhcp-range=192.0.2.50,192.0.2.59,255.255.255.0,10m",
                "--enable-tftp", "--tftp-root=" + tftp, "--dhcp-boot=boot/pxelinux.0");
        var r = lab.run("netboot", DhcpLab.CLIENT_LINK, "--json", "--etc", etc(), "--timeout", "20");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"how\": \"the pxelinux config tftp://192.0.2.1/boot/pxelinux.cfg/01-52-54-00-12-34-56\"",
                "\"kernel\": \"tftp://192.0.2.1/boot/vmlinuz\"", "\"tftp://192.0.2.1/boot/initrd.img\"",
                "\"cmdline\": \"console=ttyS0\"", "\"sysappend\": 2");
        // found by its MAC: the hex IP names after it were not asked for
        assertThat(lab.log("dnsmasq")).contains("sent " + tftp + "/boot/pxelinux.cfg/01-52-54-00-12-34-56 to 192.0.2.5")
                .doesNotContain("pxelinux.cfg/C0000");
    }
    /**
     * A lab for the network boot over IPv6: busybox httpd on 2001:db8::1 port 8080 in the server's
     * namespace, serving {@code www}, and dnsmasq with {@code options} and router advertisements
     * (the client's on-link route to 2001:db8::/64 comes from them, as on a real IPv6 network).
     */
    private Path ipv6Lab(String... options) throws Exception {
        lab();
        lab.ip(lab.server, "addr", "add", "2001:db8::1/64", "dev", "br0", "nodad");
        Path www = Files.createDirectories(dir.resolve("www"));
        lab.start("httpd", lab.server, java.util.List.of("/bin/busybox", "httpd", "-f", "-vv", "-p", "[2001:db8::1]:8080", "-h",
                www.toString()), 8080, "/proc/net/tcp6");
        var args = new java.util.ArrayList<>(java.util.List.of("--no-ping", "--dhcp-range=2001:db8::100,2001:db8::1ff,64,10m",
                "--enable-ra"));
        args.addAll(java.util.List.of(options));
        lab.dnsmasq6("dnsmasq", args.toArray(String[]::new));
        return www;
    }

    /**
     * DHCP gives an address but names nothing to boot, so lobos asks DHCPv6, whose boot file URL
     * (option 59) is an iPXE script on the IPv6 HTTP server.
     */
    @Test
    void netbootBootsTheIpxeScriptDhcpv6NamesWhenDhcpNamesNothing() throws Exception {
        // as docs/netboot.md sets up dnsmasq: the URL for clients whose DHCPv6 user class (option 15) is "lobos"
        Path www = ipv6Lab("--dhcp-range=192.0.2.50,192.0.2.59,255.255.255.0,10m", "--dhcp-option=option6:dns-server,[2001:db8::53]",
                "--dhcp-userclass=set:lobos,lobos", "--dhcp-option=tag:lobos,option6:bootfile-url,http://[2001:db8::1]:8080/boot.ipxe");
        Files.writeString(www.resolve("boot.ipxe"), """
                #!ipxe
                kernel vmlinuz console=ttyS0 ip6=${net0/ip6} BOOTIF=${mac}
                initrd initrd.img
                boot
                """);
        var r = lab.run("netboot", DhcpLab.CLIENT_LINK, "--json", "--etc", etc(), "--timeout", "20", "--timeout6", "20");
        assertThat(r.exit()).as(r.err() + lab.clientState()).isZero();
        assertThat(r.err()).contains("DHCP named nothing to boot; asking DHCPv6").doesNotContain("no route to");
        assertThat(r.out()).contains("\"how\": \"the iPXE script http://[2001:db8::1]:8080/boot.ipxe (DHCPv6 on vc)\"",
                "\"kernel\": \"http://[2001:db8::1]:8080/vmlinuz\"", "\"http://[2001:db8::1]:8080/initrd.img\"")
                .containsPattern("\"cmdline\": \"console=ttyS0 ip6=2001:db8::1[0-9a-f]{2} BOOTIF=52:54:00:12:34:56\"");
        assertThat(lab.clientState()).contains("inet 192.0.2.5").containsPattern("inet6 2001:db8::1[0-9a-f]{2}/128 scope global");
        assertThat(Files.readString(dir.resolve("etc/resolv.conf"))).contains("nameserver 2001:db8::53\n");
        assertThat(lab.log("dnsmasq")).contains("DHCPACK(br0) 192.0.2.5", "DHCPREPLY(br0) 2001:db8::1");
        assertThat(lab.log("httpd")).contains("/boot.ipxe");
    }

    /** No DHCP server at all: lobos says so, asks DHCPv6, and boots the kernel its URL names. */
    @Test
    void netbootWithoutADhcpLeaseBootsTheKernelDhcpv6Names() throws Exception {
        Path www = ipv6Lab("--dhcp-option=option6:bootfile-url,http://[2001:db8::1]:8080/vmlinuz",
                "--dhcp-option=option6:bootfile-param,root=/dev/nfs,console=ttyS0");
        Files.write(www.resolve("vmlinuz"), new byte[] {'M', 'Z', 0, 0, 1, 2, 3});
        var r = lab.run("netboot", DhcpLab.CLIENT_LINK, "--json", "--etc", etc(), "--timeout", "1", "--timeout6", "20");
        assertThat(r.exit()).as(r.err() + lab.clientState()).isZero();
        assertThat(r.err()).contains("no DHCP lease on vc after 1 s", "; asking DHCPv6");
        assertThat(r.out()).contains("\"how\": \"the kernel http://[2001:db8::1]:8080/vmlinuz named as boot file (DHCPv6 on vc)\"",
                "\"kernel\": \"http://[2001:db8::1]:8080/vmlinuz\"", "\"cmdline\": \"root=/dev/nfs console=ttyS0\"");
        assertThat(lab.clientState()).doesNotContain("inet 192.0.2").containsPattern("inet6 2001:db8::1[0-9a-f]{2}/128");
    }
}
