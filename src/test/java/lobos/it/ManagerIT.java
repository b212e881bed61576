package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import lobos.build.BootImage;
import lobos.build.LobosJars;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import org.junit.jupiter.api.Test;

/**
 * The manager end to end: QEMU machines boot from the network in a test namespace (a bridge and
 * taps), their firmware's iPXE ROM gets DHCP from lobos server, which sends iPXE the lobos loader
 * over HTTP; the loader's own DHCP and manager request get each node its profile, it kexecs that
 * kernel, and the probe shows the command line. The server is restarted while node-1 is between
 * its manager request and its kernel fetch; {@code lobos node next-boot} changes node-2's next
 * boot; {@code lobos nodes --json} has the events. The same as proxyDHCP beside dnsmasq.
 */
class ManagerIT {
    static final String MAC1 = "52:54:00:00:00:01", MAC2 = "52:54:00:00:00:02";

    /** The node file: the loader from TestImages, the Debian kernel and the probe as targets. */
    private static Path setUp(ManagerLab lab, String dhcp) throws Exception {
        BootImage loader = TestImages.loader();
        Path files = Files.createDirectories(lab.dir.resolve("files"));
        Files.copy(loader.kernel(), files.resolve("vmlinuz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ProbeImage.write(Path.of("/bin/busybox"), files.resolve("probe.gz"));
        for (String db : List.of("server.db", "server.db-wal", "server.db-shm")) Files.deleteIfExists(lab.dir.resolve(db)); // a fresh state
        Path config = lab.dir.resolve("server.yaml");
        Files.writeString(config, """
                server:
                  http: 8080
                  tftp: off
                  files: files
                loader:
                  kernel: %s
                  initrd: %s
                  cmdline: console=ttyS0 panic=-1 quiet
                dhcp:
                %s
                profiles:
                  first: {kernel: vmlinuz, initrds: [probe.gz], cmdline: "console=ttyS0 panic=-1 quiet lobos.test=first mac=${mac} ip=${ip} host=${hostname}"}
                  second: {kernel: vmlinuz, initrds: [probe.gz], cmdline: "console=ttyS0 panic=-1 quiet lobos.test=second host=${hostname}"}
                  other: {kernel: vmlinuz, initrds: [probe.gz], cmdline: "console=ttyS0 panic=-1 quiet lobos.test=other host=${hostname}"}
                nodes:
                  - {name: node-1, mac: "%s", ip: 192.0.2.11, profile: first}
                  - {name: node-2, mac: "%s", ip: 192.0.2.12, profile: second}
                """.formatted(loader.kernel().toAbsolutePath(), loader.initramfs().toAbsolutePath(), dhcp, MAC1, MAC2));
        return config;
    }

    @Test
    void twoNodesBootTheirProfilesThroughARestartThenANextBootOverride() throws Exception {
        long started = System.nanoTime();
        try (ManagerLab lab = ManagerLab.create(TestImages.DIR.resolve("manager"))) {
            Path config = setUp(lab, """
                  mode: authoritative
                  interfaces: [br0]
                  subnets:
                    - {network: 192.0.2.0/24, ranges: [192.0.2.100 - 192.0.2.199], router: 192.0.2.1}
                """);
            lab.startServer(config);
            String one, two;
            try (Qemu node1 = lab.pxe("manager-node-1", MAC1); Qemu node2 = lab.pxe("manager-node-2", MAC2)) {
                // node-1 has its answer: stop the server before it fetches the kernel, start it again
                lab.awaitLog("boot request from " + MAC1, TestImages.BOOT.toSeconds());
                lab.stopServer();
                lab.startServer(config);
                one = TestImages.probeReport(node1);
                two = TestImages.probeReport(node2);
                assertThat(node1.awaitExit(TestImages.BOOT)).isZero();
                assertThat(node2.awaitExit(TestImages.BOOT)).isZero();
                System.out.printf(Locale.ROOT, "manager: node-1 probe at %.1f s, node-2 probe at %.1f s after QEMU started%n",
                        node1.elapsedSeconds(), node2.elapsedSeconds());
                assertThat(node1.output()).contains("lobos: eth0 192.0.2.11/24 from DHCP");
            }
            assertThat(one).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=first mac=" + MAC1
                    + " ip=192.0.2.11 host=node-1\n");
            assertThat(two).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=second host=node-2\n");
            assertThat(lab.serverLog()).contains("leases kept from before", "iPXE script for " + MAC1);

            var next = lab.lobos("node", "next-boot", "node-2", "other", "--config", config.toString());
            assertThat(next.ok()).as(next.output()).isTrue();
            try (Qemu again = lab.pxe("manager-node-2-again", MAC2)) {
                assertThat(TestImages.probeReport(again)).contains("lobos.test=other host=node-2\n");
                assertThat(again.awaitExit(TestImages.BOOT)).isZero();
            }

            var nodes = lab.lobos("nodes", "--json", "--config", config.toString());
            assertThat(nodes.ok()).as(nodes.output()).isTrue();
            String json = nodes.output();
            Files.writeString(lab.dir.resolve("nodes.json"), json);
            String node2 = json.substring(json.indexOf("\"mac\": \"" + MAC2 + "\""));
            String node1 = json.substring(json.indexOf("\"mac\": \"" + MAC1 + "\""), json.indexOf("\"mac\": \"" + MAC2 + "\""));
            assertThat(node1).contains("\"ip\": \"192.0.2.11\"", "\"state\": \"kexec\"");
            inOrder(node2, "client=ipxe", "\"type\": \"ipxe\"", "client=lobos", "\"type\": \"dhcp-bound\"",
                    "status=200 profile second of node node-2", "\"type\": \"menu\"", "\"type\": \"kernel-fetched\"", "\"type\": \"kexec\"",
                    "\"type\": \"console-log\"", "status=200 next-boot override other", "\"type\": \"kexec\"");
            inOrder(node1, "client=ipxe", "\"type\": \"ipxe\"", "\"type\": \"dhcp-bound\"", "status=200 profile first",
                    "\"type\": \"kernel-fetched\"", "\"type\": \"kexec\"");
            var show = lab.lobos("node", "show", "node-1", "--config", config.toString());
            assertThat(show.output()).contains("node-1 52:54:00:00:00:01 192.0.2.11", "console log (", "lobos: booting");
        }
        System.out.printf(Locale.ROOT, "manager: the authoritative scenario took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    void asProxyDhcpBesideDnsmasq() throws Exception {
        long started = System.nanoTime();
        try (ManagerLab lab = ManagerLab.create(TestImages.DIR.resolve("manager-proxy"))) {
            lab.addSecond();
            lab.dnsmasq("--dhcp-range=192.0.2.150,192.0.2.159,255.255.255.0,10m");
            Path config = setUp(lab, """
                  mode: proxy
                  interfaces: [br0]
                """);
            lab.startServer(config);
            try (Qemu node = lab.pxe("manager-proxy-node-1", MAC1)) {
                String report = TestImages.probeReport(node);
                assertThat(report).containsPattern("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=first mac=" + MAC1
                        + " ip=192\\.0\\.2\\.15\\d host=node-1\n");
                assertThat(node.awaitExit(TestImages.BOOT)).isZero();
            }
            assertThat(Files.readString(lab.dir.resolve("dnsmasq.log"))).contains("DHCPACK(vt)");
            String json = lab.lobos("nodes", "--json", "--config", config.toString()).output();
            inOrder(json, "\"type\": \"proxy-dhcp\"", "client=ipxe", "\"type\": \"ipxe\"", "\"type\": \"dhcp-bound\"",
                    "status=200 profile first", "\"type\": \"kexec\"");
        }
        System.out.printf(Locale.ROOT, "manager: the proxyDHCP scenario took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    void theBootImageCarriesNeitherTheManagerNorItsLibraries() throws Exception {
        BootImage loader = TestImages.loader();
        var list = new ProcessBuilder("cpio", "-it", "--quiet").redirectInput(loader.initramfs().toFile()).start();
        List<String> names = new String(list.getInputStream().readAllBytes()).lines().toList();
        list.waitFor();
        assertThat(names).anyMatch(n -> n.endsWith("/lobos.jar"));
        for (String artifact : List.of("sqlite-jdbc", "postgresql", "snakeyaml", "undertow-core", "xnio-api")) {
            assertThat(names).noneMatch(n -> n.contains("/lib/" + artifact + "-"));
        }
        Path jar = Files.createTempDirectory("lobos-image-jar");
        var extract = new ProcessBuilder("cpio", "-idm", "--quiet", "*lobos.jar").directory(jar.toFile())
                .redirectInput(loader.initramfs().toFile()).start();
        extract.waitFor();
        try (var found = Files.walk(jar)) {
            Path lobosJar = found.filter(p -> p.getFileName().toString().equals("lobos.jar")).findFirst().orElseThrow();
            try (var j = new java.util.jar.JarFile(lobosJar.toFile())) {
                assertThat(j.stream().map(java.util.jar.JarEntry::getName)).noneMatch(n -> n.startsWith(LobosJars.SERVER_PACKAGE))
                        .anyMatch(n -> n.startsWith("lobos/netboot/"));
            }
        }
    }

    /** Each of {@code parts} appears in {@code text} after the one before. */
    static void inOrder(String text, String... parts) {
        int at = 0;
        for (String p : parts) {
            int found = text.indexOf(p, at);
            assertThat(found).as("\"" + p + "\" after position " + at + " in:\n" + text).isGreaterThanOrEqualTo(0);
            at = found + p.length();
        }
    }
}
