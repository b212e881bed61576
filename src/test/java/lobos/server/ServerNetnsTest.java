package lobos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lobos.TestNetns;
import lobos.net.DhcpLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lobos server} against real DHCP clients, in network namespaces this test makes
 * (DhcpLab: a bridge br0 at 192.0.2.1 in the server's namespace, the client's veth vc): busybox
 * udhcpc and ISC dhclient get addresses and the subnet's options, leases survive a restart of
 * the server; lobos's own client gets the manager's URL and its loader's netboot gets the node's
 * profile; iPXE's programs come over TFTP; as proxyDHCP beside dnsmasq, a PXE client gets its
 * address from dnsmasq and its boot file from lobos (port 67 and 4011); malformed datagrams do
 * not stop the server.
 */
class ServerNetnsTest {
    static final String DYNAMIC_MAC = "52:54:00:aa:bb:cc";

    @TempDir
    Path dir;

    private DhcpLab lab;

    @AfterEach
    void close() throws Exception {
        if (lab != null) lab.close();
    }

    private Path config(String mode) throws IOException {
        Files.createDirectories(dir.resolve("files/debian"));
        Files.writeString(dir.resolve("files/debian/vmlinuz"), "kernel");
        Path conf = dir.resolve("server.yaml");
        Files.writeString(conf, """
                server:
                  http: 192.0.2.1:8080
                  tftp: %s
                  tftp-root: /usr/lib/ipxe
                  unknown: menu
                dhcp:
                  mode: %s
                  interfaces: [br0]
                  lease: 10m
                  subnets:
                    - network: 192.0.2.0/24
                      ranges: [192.0.2.100 - 192.0.2.109]
                      router: 192.0.2.254
                      dns: [192.0.2.53]
                      domain: lab.test
                      mtu: 1400
                      ntp: [192.0.2.123]
                profiles:
                  debian:
                    kernel: debian/vmlinuz
                    cmdline: console=ttyS0 ip=${ip} host=${hostname}
                nodes:
                  - {name: node7, mac: "%s", ip: 192.0.2.77, profile: debian}
                """.formatted(Files.exists(Path.of("/usr/lib/ipxe/undionly.kpxe")) ? "192.0.2.1:69" : "off", mode, DhcpLab.MAC));
        return conf;
    }

    private Process server(Path conf) throws Exception {
        Process p = lab.start("server", lab.server, DhcpLab.java("lobos.cli.Main", "server", "--config", conf.toString()), 67);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // a JDK socket for an IPv4 address may be an IPv6 one (::ffff:192.0.2.1): either table
        while (!TestNetns.run("ip", "netns", "exec", lab.server, "cat", "/proc/net/tcp", "/proc/net/tcp6").output()
                .matches("(?s).*:1F90 0+:0000 0A .*")) {
            assertThat(System.nanoTime()).as("HTTP listening; log " + lab.log("server")).isLessThan(deadline);
            Thread.sleep(50);
        }
        return p;
    }

    private String inClient(String... command) throws Exception {
        var r = TestNetns.run(TestNetns.in(lab.client, List.of(command)).toArray(String[]::new));
        assertThat(r.ok()).as(String.join(" ", command) + ": " + r.output()).isTrue();
        return r.output();
    }

    private static void assumeTool(String path, String pkg) {
        assumeTrue(Files.isExecutable(Path.of(path)), path + " is not installed (apt-get install " + pkg + ")");
    }

    /** busybox udhcpc: -q quits with the lease; its script prints what it was told. */
    private String udhcpc() throws Exception {
        Path script = dir.resolve("udhcpc.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env | sort > " + dir.resolve("udhcpc.env") + "\nexit 0\n");
        script.toFile().setExecutable(true);
        lab.ip(lab.client, "link", "set", DhcpLab.CLIENT_LINK, "up"); // udhcpc does not set it up itself
        inClient("timeout", "30", "busybox", "udhcpc", "-i", DhcpLab.CLIENT_LINK, "-q", "-n", "-f", "-t", "5", "-T", "1", "-s", script.toString(),
                "-O", "ntpsrv", "-O", "mtu");
        return Files.readString(dir.resolve("udhcpc.env"));
    }

    /** ISC dhclient in the foreground, until its script reports BOUND. */
    private String dhclient() throws Exception {
        Path script = dir.resolve("dhclient.sh");
        Path env = dir.resolve("dhclient.env");
        Files.deleteIfExists(env);
        Files.writeString(script, "#!/bin/sh\n[ \"$reason\" = BOUND ] && env | sort > " + env + ".tmp && mv " + env + ".tmp " + env
                + "\nexit 0\n");
        script.toFile().setExecutable(true);
        lab.ip(lab.client, "link", "set", DhcpLab.CLIENT_LINK, "up");
        Path conf = dir.resolve("dhclient.conf");
        Files.writeString(conf, "request subnet-mask, routers, domain-name-servers, domain-name, host-name, interface-mtu, ntp-servers;\n");
        Process p = new ProcessBuilder(TestNetns.in(lab.client, List.of("/sbin/dhclient", "-d", "-1", "-v", "-cf", conf.toString(), "-lf",
                dir.resolve("dhclient.leases").toString(), "-pf", dir.resolve("dhclient.pid").toString(), "-sf", script.toString(),
                DhcpLab.CLIENT_LINK))).redirectErrorStream(true).redirectOutput(dir.resolve("dhclient.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(env)) {
                assertThat(p.isAlive() || Files.exists(env)).as("dhclient runs: " + Files.readString(dir.resolve("dhclient.log"))).isTrue();
                assertThat(System.nanoTime()).as("dhclient bound: " + Files.readString(dir.resolve("dhclient.log"))).isLessThan(deadline);
                Thread.sleep(100);
            }
            return Files.readString(env);
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private String nodesJson(Path conf) throws Exception {
        var p = new ProcessBuilder(DhcpLab.java("lobos.cli.Main", "nodes", "--json", "--config", conf.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void udhcpcAndDhclientGetLeasesAndOptionsAndNoLeaseIsLostInARestart() throws Exception {
        assumeTool("/usr/bin/busybox", "busybox-static");
        assumeTool("/sbin/dhclient", "isc-dhcp-client");
        lab = DhcpLab.create("server", dir);
        Path conf = config("authoritative");
        Process server = server(conf);
        // the node file's node7: its reservation and its name
        String u = udhcpc();
        assertThat(u).contains("ip=192.0.2.77\n", "subnet=255.255.255.0\n", "router=192.0.2.254\n", "dns=192.0.2.53\n",
                "domain=lab.test\n", "hostname=node7\n", "mtu=1400\n", "ntpsrv=192.0.2.123\n", "lease=600\n", "serverid=192.0.2.1\n");
        // an unknown node (unknown: menu) from the range, with ISC dhclient
        lab.ip(lab.client, "link", "set", DhcpLab.CLIENT_LINK, "address", DYNAMIC_MAC);
        String d = dhclient();
        assertThat(d).contains("new_ip_address=192.0.2.100\n", "new_routers=192.0.2.254\n", "new_domain_name=lab.test\n",
                "new_domain_name_servers=192.0.2.53\n", "new_interface_mtu=1400\n", "new_ntp_servers=192.0.2.123\n",
                "new_dhcp_lease_time=600\n", "new_dhcp_server_identifier=192.0.2.1\n");
        assertThat(d).doesNotContain("new_host_name");
        String before = nodesJson(conf);
        assertThat(before).contains("\"mac\": \"52:54:00:12:34:56\"", "\"name\": \"node7\"", "\"ip\": \"192.0.2.77\"",
                "\"mac\": \"52:54:00:aa:bb:cc\"", "\"ip\": \"192.0.2.100\"", "\"type\": \"dhcp\"", "\"detail\": \"ip=192.0.2.100 client=plain\"");

        // a restart: the leases are in the database, the same client gets its address back
        DhcpLab.stop(server);
        lab.ip(lab.client, "addr", "flush", "dev", DhcpLab.CLIENT_LINK);
        server(conf);
        assertThat(lab.log("server")).contains("2 leases kept from before");
        lab.ip(lab.client, "link", "set", DhcpLab.CLIENT_LINK, "address", "52:54:00:aa:bb:dd");
        assertThat(dhclient()).contains("new_ip_address=192.0.2.101\n"); // .100 is still leased
        lab.ip(lab.client, "link", "set", DhcpLab.CLIENT_LINK, "address", DYNAMIC_MAC);
        Files.delete(dir.resolve("dhclient.leases")); // no hint from the client's own lease file
        assertThat(dhclient()).contains("new_ip_address=192.0.2.100\n");

        if (Files.exists(Path.of("/usr/lib/ipxe/undionly.kpxe"))) {
            // firmware's next step: iPXE over TFTP
            Path got = dir.resolve("undionly.kpxe");
            lab.ip(lab.client, "addr", "add", "192.0.2.100/24", "dev", DhcpLab.CLIENT_LINK);
            var tftp = lab.run("tftp", "get", DhcpLab.SERVER_IP, "undionly.kpxe", got.toString());
            assertThat(tftp.exit()).as(tftp.err()).isZero();
            assertThat(Files.readAllBytes(got)).isEqualTo(Files.readAllBytes(Path.of("/usr/lib/ipxe/undionly.kpxe")));
        }
    }

    @Test
    void lobossOwnClientGetsTheManagerAndItsNetbootTheNodesProfile() throws Exception {
        lab = DhcpLab.create("server", dir);
        Path conf = config("authoritative");
        server(conf);
        var r = lab.run("netboot", DhcpLab.CLIENT_LINK, "--json", "--etc", dir.resolve("etc").toString(), "--timeout", "20");
        assertThat(r.exit()).as(r.err() + lab.log("server")).isZero();
        assertThat(r.out()).contains("http://192.0.2.1:8080/files/debian/vmlinuz", "console=ttyS0 ip=192.0.2.77 host=node7");
        String nodes = nodesJson(conf);
        assertThat(nodes).contains("\"detail\": \"ip=192.0.2.77 client=lobos\"",
                "\"detail\": \"status=200 profile debian of node node7\"", "\"state\": \"boot-request\"");
        assertThat(nodes.indexOf("client=lobos")).isLessThan(nodes.indexOf("status=200"));
        assertThat(lab.log("server")).contains("boot request from 52:54:00:12:34:56 (192.0.2.77): profile debian of node node7: 200");
    }

    @Test
    void asProxyDhcpBesideDnsmasqAPxeClientGetsItsAddressThereAndItsBootFileHere() throws Exception {
        DhcpLab.assumeDnsmasq();
        lab = DhcpLab.create("proxy", dir);
        lab.addSecondServer();
        lab.dnsmasq("dnsmasq", lab.second, "vt", "--dhcp-range=192.0.2.150,192.0.2.159,255.255.255.0,10m");
        Path conf = config("proxy");
        server(conf);
        assertThat(TestNetns.run("ip", "netns", "exec", lab.server, "cat", "/proc/net/udp").output()).contains(":0FAB "); // 4011
        lab.ip(lab.client, "link", "set", DhcpLab.CLIENT_LINK, "up");
        var r = TestNetns.run(DhcpLab.javaIn(lab.client, DhcpProbe.class.getName(), "pxe", DhcpLab.CLIENT_LINK, DhcpLab.MAC)
                .toArray(String[]::new));
        List<String> replies = DhcpProbe.lines(r.output());
        assertThat(replies).as(r.output() + lab.log("server")).hasSize(2);
        String fromDnsmasq = replies.stream().filter(l -> l.contains("from=192.0.2.3")).findFirst().orElseThrow();
        String fromLobos = replies.stream().filter(l -> l.contains("from=192.0.2.1")).findFirst().orElseThrow();
        assertThat(fromDnsmasq).containsPattern("type=OFFER yiaddr=192\\.0\\.2\\.15\\d").contains("file=-");
        assertThat(fromLobos).isEqualTo("reply from=192.0.2.1 type=OFFER yiaddr=0.0.0.0 siaddr=192.0.2.1 file=undionly.kpxe "
                + "vendor=PXEClient pxe=060108ff uuid=" + DhcpProbe.UUID_OF_PROBE);
        // with dnsmasq's address, the PXE client asks the proxy on port 4011
        String address = fromDnsmasq.replaceAll(".*yiaddr=(\\S+).*", "$1");
        lab.ip(lab.client, "addr", "add", address + "/24", "dev", DhcpLab.CLIENT_LINK);
        var ack = TestNetns.run(DhcpLab.javaIn(lab.client, DhcpProbe.class.getName(), "pxe-request", DhcpLab.CLIENT_LINK, DhcpLab.MAC,
                DhcpLab.SERVER_IP, address).toArray(String[]::new));
        assertThat(DhcpProbe.lines(ack.output())).as(ack.output() + lab.log("server")).containsExactly("reply from=192.0.2.1 type=ACK "
                + "yiaddr=0.0.0.0 siaddr=192.0.2.1 file=undionly.kpxe vendor=PXEClient pxe=060108ff uuid=" + DhcpProbe.UUID_OF_PROBE);
        // lobos's loader in the same network takes dnsmasq's lease; the proxy leaves it alone
        lab.ip(lab.client, "addr", "flush", "dev", DhcpLab.CLIENT_LINK);
        var lobos = lab.run("dhcp", DhcpLab.CLIENT_LINK, "--pxe", "--json", "--no-configure", "--timeout", "20");
        assertThat(lobos.exit()).as(lobos.err()).isZero();
        assertThat(lobos.out()).containsPattern("\"address\": \"192\\.0\\.2\\.15\\d\"");
        assertThat(nodesJson(conf)).contains("\"type\": \"proxy-dhcp\"", "\"detail\": \"client=pxe-bios file=undionly.kpxe\"");
    }

    @Test
    void malformedDatagramsAreLoggedAndTheServerGoesOn() throws Exception {
        lab = DhcpLab.create("garbage", dir);
        Path conf = config("authoritative");
        server(conf);
        lab.ip(lab.client, "link", "set", DhcpLab.CLIENT_LINK, "up");
        var g = TestNetns.run(DhcpLab.javaIn(lab.client, DhcpProbe.class.getName(), "garbage", DhcpLab.CLIENT_LINK).toArray(String[]::new));
        assertThat(g.output()).contains("sent");
        var r = TestNetns.run(DhcpLab.javaIn(lab.client, DhcpProbe.class.getName(), "pxe", DhcpLab.CLIENT_LINK, DhcpLab.MAC)
                .toArray(String[]::new));
        assertThat(DhcpProbe.lines(r.output())).as(lab.log("server")).singleElement().asString()
                .startsWith("reply from=192.0.2.1 type=OFFER yiaddr=192.0.2.77 siaddr=192.0.2.1 file=undionly.kpxe");
        assertThat(lab.log("server")).contains("refused a datagram from 0.0.0.0 on br0: malformed DHCP packet: header at byte 3",
                "refused a datagram from 0.0.0.0 on br0: malformed DHCP packet: option 53 (message type) at byte 240");
    }
}
