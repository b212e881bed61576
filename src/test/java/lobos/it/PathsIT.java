package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The loader finds the target kernel and its initrds through generalized paths: on a virtio
 * disk by device, by label and through the booted system's fstab; and over the network: TFTP
 * (QEMU's server, after DHCP), NFSv4 (nfs-ganesha) and HTTP (a server on the host), the last
 * two through a guestfwd to 127.0.0.1. The probe in the target prints which initrds' files it received.
 */
class PathsIT {
    @Test
    void kernelAndInitrdsFromADiskByDeviceLabelAndFstab(TestInfo test) throws Exception {
        Path dir = Files.createDirectories(TestImages.DIR.resolve("disk"));
        Path tree = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(tree.resolve("boot"));
        Files.createDirectories(tree.resolve("etc"));
        Files.copy(TestImages.loader().kernel(), tree.resolve("boot/vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        Path probe = ProbeImage.write(Path.of("/bin/busybox"), dir.resolve("probe.gz"));
        Files.copy(probe, tree.resolve("boot/probe.gz"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(tree.resolve("etc/fstab"), "LABEL=lobosroot / ext4 ro 0 1\n");
        Path extra = ProbeImage.extra(Map.of("extra/from-fat.txt", "on the FAT partition\n"), dir.resolve("extra.gz"));
        Path disk = DiskImage.make(dir, "lobosroot", tree, "LOBOSFAT", Map.of("extra.gz", extra));

        try (Qemu qemu = TestImages.boot(test, """
                default=disk
                delay=0
                disk="vda1:/boot/vmlinuz initrd=/boot/probe.gz,LABEL=LOBOSFAT:/extra.gz console=ttyS0 panic=-1 quiet"
                """, "", List.of("-drive", "file=" + disk.toAbsolutePath() + ",format=raw,if=virtio,readonly=on"))) {
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: file /bin/busybox\n", "probe: file /extra/from-fat.txt\n");
            String loader = qemu.output().substring(0, qemu.output().indexOf(ProbeImage.BEGIN));
            // vda1 by name, the booted system found by its fstab, the FAT partition by label
            assertThat(loader).contains("mounted /dev/vda1 on /run/lobos/dev/vda1 (read-only)",
                    "mounted /dev/vda1 on /run/lobos/root (read-only)",
                    "mounted /dev/vda2 on /run/lobos/dev/vda2 (read-only)");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
    }

    @Test
    void kernelAndInitrdOverTftpAfterDhcp(TestInfo test) throws Exception {
        Path tftp = Files.createDirectories(TestImages.DIR.resolve("tftp-root"));
        Files.copy(TestImages.loader().kernel(), tftp.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        ProbeImage.write(Path.of("/bin/busybox"), tftp.resolve("probe.gz"));
        try (Qemu qemu = TestImages.boot(test, """
                default=net
                delay=0
                net="tftp://10.0.2.2/vmlinuz initrd=tftp://10.0.2.2/probe.gz console=ttyS0 panic=-1 quiet lobos.test=tftp"
                """, "ip=dhcp", List.of("-netdev", "user,id=n0,restrict=on,tftp=" + tftp.toAbsolutePath(),
                "-device", "virtio-net-pci,netdev=n0"))) {
            qemu.expect("lobos: eth0 10\\.0\\.2\\.15/\\d+ from DHCP", TestImages.BOOT);
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=tftp\n",
                    "probe: file /bin/busybox\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
    }

    @Test
    void kernelAndInitrdOverNfs(TestInfo test) throws Exception {
        Path export = Files.createDirectories(TestImages.DIR.resolve("nfs-export/boot"));
        Files.copy(TestImages.loader().kernel(), export.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        ProbeImage.write(Path.of("/bin/busybox"), export.resolve("probe.gz"));
        try (NfsServer nfs = NfsServer.start(export.getParent(), TestImages.DIR.resolve("nfs-server"));
                Qemu qemu = TestImages.boot(test, """
                        default=nfs
                        delay=0
                        nfs="10.0.2.100:/export/boot/vmlinuz initrd=10.0.2.100:/export/boot/probe.gz console=ttyS0 panic=-1 quiet lobos.test=nfs"
                        """, "ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off",
                        List.of("-netdev", "user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:2049-tcp:127.0.0.1:" + nfs.port,
                                "-device", "virtio-net-pci,netdev=n0"))) {
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=nfs\n",
                    "probe: file /bin/busybox\n");
            assertThat(qemu.output()).contains("mounted 10.0.2.100:/export/boot on /run/lobos/nfs/10.0.2.100/export/boot");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
    }

    @Test
    void kernelAndInitrdOverHttpWithChecksum(TestInfo test) throws Exception {
        Path root = Files.createDirectories(TestImages.DIR.resolve("http-root"));
        Files.copy(TestImages.loader().kernel(), root.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        Path probe = ProbeImage.write(Path.of("/bin/busybox"), root.resolve("probe.gz"));
        String probeSha = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(probe)));
        var http = new StaticFiles(root);
        try (Qemu qemu = TestImages.boot(test, """
                default=web
                delay=0
                web="http://10.0.2.100:8080/vmlinuz initrd=http://10.0.2.100:8080/probe.gz#sha256=%s console=ttyS0 panic=-1 quiet lobos.test=http"
                """.formatted(probeSha), "ip=dhcp",
                List.of("-netdev", "user,id=n0,restrict=on," + FaultsIT.forward("10.0.2.100:8080", http.port()),
                        "-device", "virtio-net-pci,netdev=n0"))) {
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=http\n",
                    "probe: file /bin/busybox\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        } finally {
            http.close();
        }
        // the kernel's .sha256 was looked for (and absent); the initrd's checksum came with its path
        assertThat(http.requests()).contains("GET /vmlinuz", "GET /vmlinuz.sha256", "GET /probe.gz")
                .doesNotContain("GET /probe.gz.sha256");
    }
}
