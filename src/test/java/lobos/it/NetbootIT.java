package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The loader boots what the network says, with nothing local to boot and no ip= on its command
 * line: its own DHCP client gets a lease from QEMU's user network (restrict=on), then a
 * pxelinux.cfg for its MAC from QEMU's TFTP server, or (after asking a lobos manager, which
 * does not know it) an iPXE script from an HTTP server on the host through a guestfwd; the
 * probe shows the command line with the values filled from the lease. Without a DHCP server
 * the loader says so in bounded time and its prompt works.
 */
class NetbootIT {
    /** QEMU's first NIC. */
    static final String MAC = "52:54:00:12:34:56";

    @Test
    void pxelinuxConfigForItsMacOverQemuTftp(TestInfo test) throws Exception {
        Path tftp = Files.createDirectories(TestImages.DIR.resolve("netboot-tftp/pxelinux.cfg")).getParent();
        Files.copy(TestImages.loader().kernel(), tftp.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        ProbeImage.write(Path.of("/bin/busybox"), tftp.resolve("probe.gz"));
        Files.writeString(tftp.resolve("pxelinux.cfg/01-" + MAC.replace(':', '-')), """
                DEFAULT probe
                PROMPT 0
                LABEL probe
                  KERNEL vmlinuz
                  INITRD probe.gz
                  APPEND console=ttyS0 panic=-1 quiet lobos.test=pxelinux
                  IPAPPEND 3
                """);
        Files.writeString(tftp.resolve("pxelinux.cfg/default"), "DEFAULT wrong\nLABEL wrong\n KERNEL nothing\n");
        try (Qemu qemu = TestImages.boot(test, "delay=0\n", "", List.of("-netdev",
                "user,id=n0,restrict=on,tftp=" + tftp.toAbsolutePath() + ",bootfile=pxelinux.0",
                "-device", "virtio-net-pci,netdev=n0,mac=" + MAC))) {
            qemu.expect("lobos: eth0 10\\.0\\.2\\.15/24 from DHCP", TestImages.BOOT);
            double leased = qemu.elapsedSeconds();
            qemu.expect("netboot: the pxelinux config tftp://10\\.0\\.2\\.2/pxelinux\\.cfg/01-52-54-00-12-34-56", TestImages.BOOT);
            String report = TestImages.probeReport(qemu);
            double probe = qemu.elapsedSeconds();
            assertThat(report).containsPattern("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=pxelinux"
                    + " ip=10\\.0\\.2\\.15:10\\.0\\.2\\.2::255\\.255\\.255\\.0 BOOTIF=01-52-54-00-12-34-56\n"); // restrict=on: QEMU names no router
            assertThat(report).contains("probe: file /bin/busybox\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
            System.out.printf(Locale.ROOT, "netboot timing (pxelinux over TFTP): lease at %.1f s, probe at %.1f s, lease to probe %.1f s%n",
                    leased, probe, probe - leased);
        }
    }

    @Test
    void iPxeScriptOverHttpAfterTheManagerSaysItDoesNotKnowTheNode(TestInfo test) throws Exception {
        Path root = Files.createDirectories(TestImages.DIR.resolve("netboot-http"));
        Files.copy(TestImages.loader().kernel(), root.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        ProbeImage.write(Path.of("/bin/busybox"), root.resolve("probe.gz"));
        Files.writeString(root.resolve("boot.ipxe"), """
                #!ipxe
                kernel vmlinuz console=ttyS0 panic=-1 quiet lobos.test=ipxe ip=${net0/ip} mac=${net0/mac}
                initrd probe.gz
                boot
                """);
        var http = new StaticFiles(root);
        String web = "10.0.2.100:8080";
        try (Qemu qemu = TestImages.boot(test, "delay=0\n", "lobos.server=http://" + web + "/manager/v1/boot",
                List.of("-netdev", "user,id=n0,restrict=on,bootfile=http://" + web + "/boot.ipxe,"
                        + FaultsIT.forward(web, http.port()), "-device", "virtio-net-pci,netdev=n0,mac=" + MAC))) {
            qemu.expect("netboot: the iPXE script http://10\\.0\\.2\\.100:8080/boot\\.ipxe", TestImages.BOOT);
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=ipxe ip=10.0.2.15 mac=" + MAC + "\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        } finally {
            http.close();
        }
        List<String> seen = http.requests();
        // the loader reports its lease (POST .../events) before it asks the manager what to boot
        assertThat(seen.getFirst()).isEqualTo("POST /manager/v1/events");
        assertThat(seen.get(1)).matches("GET /manager/v1/boot\\?mac=52%3A54%3A00%3A12%3A34%3A56(&uuid=[0-9a-f-]+)?"
                + "&arch=x86_64&version=[^&]+&ip=10\\.0\\.2\\.15&link=eth0");
        assertThat(seen).contains("GET /pxelinux.cfg/01-52-54-00-12-34-56", "GET /pxelinux.cfg/default", "GET /boot.ipxe",
                "GET /vmlinuz", "GET /probe.gz");
        assertThat(seen.indexOf("GET /boot.ipxe")).isGreaterThan(seen.indexOf("GET /pxelinux.cfg/default"));
    }

    @Test
    void withoutADhcpServerTheLoaderSaysSoInBoundedTimeAndThePromptWorks(TestInfo test) throws Exception {
        // a NIC on a hub with no other port: it has carrier, and nothing answers
        try (Qemu qemu = TestImages.boot(test, "delay=0\n", "lobos.dhcp.timeout=8", List.of("-netdev", "hubport,id=n0,hubid=1",
                "-device", "virtio-net-pci,netdev=n0,mac=" + MAC))) {
            qemu.expect("lobos: asking DHCP on eth0", TestImages.BOOT);
            double asked = qemu.elapsedSeconds();
            qemu.expect("lobos: network: no DHCP lease on eth0 after 8 s: no DHCP or BOOTP server answered", TestImages.BOOT);
            assertThat(qemu.elapsedSeconds() - asked).isLessThan(40);
            TestImages.bootShell(qemu);
            qemu.send("help");
            qemu.expect("poweroff +turn the machine off", TestImages.BOOT);
            qemu.send("poweroff");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
            assertThat(qemu.output()).doesNotContain(ProbeImage.BEGIN).doesNotContain("Kernel panic");
        }
    }
}
