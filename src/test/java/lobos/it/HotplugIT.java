package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Drivers without lists, and devices that come late, on the loader built with
 * {@code modules = auto} and nothing listed by hand: the virtio disk and network card come up by
 * coldplug (the network far enough for DHCP), a USB stick plugged in through QEMU's monitor
 * while the loader waits in its boot shell gets usb-storage and sd_mod by modalias and is
 * announced on the console, and the stick's kernel then boots by its label. (DiscoveryIT plugs a
 * stick in while the full-screen menu is up.)
 */
class HotplugIT {
    @Test
    void coldplugBringsUpVirtioAndAUsbStickAddedAtTheShellIsAnnouncedAndBoots(TestInfo test) throws Exception {
        Path dir = Files.createDirectories(TestImages.DIR.resolve("hotplug"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path disk = DiskImage.make(Files.createDirectories(dir.resolve("disk")), "lobosdisk", empty, "DISKFAT", Map.of());
        Path stickTree = Files.createDirectories(dir.resolve("stick-root/boot"));
        Files.copy(TestImages.loader().kernel(), stickTree.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        ProbeImage.write(Path.of("/bin/busybox"), stickTree.resolve("probe.gz"));
        Path stick = DiskImage.make(Files.createDirectories(dir.resolve("stick")), "STICK", stickTree.getParent(),
                "STICKFAT", Map.of());

        try (Qemu qemu = TestImages.boot(test, """
                stick="LABEL=STICK:/boot/vmlinuz initrd=LABEL=STICK:/boot/probe.gz console=ttyS0 panic=-1 quiet lobos.test=stick"
                """, "ip=dhcp", List.of(
                "-drive", "file=" + disk.toAbsolutePath() + ",format=raw,if=virtio,readonly=on",
                "-netdev", "user,id=n0,restrict=on", "-device", "virtio-net-pci,netdev=n0",
                "-device", "qemu-xhci,id=xhci",
                "-drive", "if=none,id=stick,format=raw,readonly=on,file=" + stick.toAbsolutePath()))) {
            String coldplug = qemu.expect("lobos: coldplug: \\d+ devices, drivers loaded: (.*) in [0-9.]+ s\\r?\\n", TestImages.BOOT).group(1);
            assertThat(coldplug.split(" ")).contains("virtio_pci", "virtio_blk", "virtio_net", "xhci_pci")
                    .doesNotContain("e1000e", "mlx5_core", "ahci", "nvme", "usb_storage");
            qemu.expect("lobos: eth0 10\\.0\\.2\\.15/\\d+ from DHCP", TestImages.BOOT);
            // the boot shell: init's lines reach the console as they come (the menu holds them back)
            TestImages.bootShell(qemu);

            qemu.monitor("device_add usb-storage,bus=xhci.0,drive=stick,id=stick0");
            qemu.expect("lobos: loaded usb_storage, uas for usb:v46F4p0001d", TestImages.BOOT);
            qemu.expect("lobos: loaded sd_mod for scsi:t-0x00", TestImages.BOOT);
            qemu.expect("lobos: new device sda1: ext4 LABEL=STICK UUID=[0-9a-f-]+", TestImages.BOOT);
            qemu.expect("lobos: new device sda2: vfat LABEL=STICKFAT", TestImages.BOOT);

            // the kernel's own list: what coldplug and hotplug loaded, and no driver for absent hardware
            qemu.send("sh");
            qemu.expect("# ", TestImages.BOOT);
            qemu.send("echo MODULES: $(cut -d' ' -f1 /proc/modules | sort | tr '\\n' ' ') END; exit");
            String modules = qemu.expect("MODULES: ([a-z0-9_ ]*) END", TestImages.BOOT).group(1);
            assertThat(modules.split(" ")).contains("virtio_pci", "virtio_blk", "virtio_net", "xhci_pci", "usb_storage",
                    "uas", "sd_mod").doesNotContain("e1000", "e1000e", "igb", "ahci", "nvme", "sr_mod");

            qemu.expect(Pattern.quote(TestImages.SHELL), TestImages.BOOT);
            qemu.send("stick");
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=stick\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
            assertThat(qemu.output()).doesNotContain("lobos: warning", "internal error");
        }
    }
}
