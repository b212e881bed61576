package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.build.ProbeImage;
import lobos.config.grub.GrubMkconfig;

/**
 * The disks the end-to-end tests attach, built once per test run with the real tools and shared
 * (as {@link TestImages} shares the loader): a Debian-style one whose grub.cfg GRUB's own
 * grub-mkconfig wrote (kernel found through {@code search --fs-uuid}), a FAT one with Boot
 * Loader Spec entries, an ext4 one with extlinux. Each boots the loader's kernel with the probe
 * initramfs, which prints the command line it received.
 */
final class TestDisks {
    static final String DEBIAN_UUID = "6f1d2b7a-3c4e-4d5f-8a9b-0c1d2e3f4a5b";
    static final String ARCH_UUID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
    static final String ESP_UUID = "1234-ABCD";
    static final String XEN_UUID = "0e5c3f2a-7b1d-4c6e-9f8a-2d4b6c8e0a1f";
    static final String VERSION = "6.1.0-99-amd64";
    static final Path DIR = TestImages.DIR.resolve("disks");

    private static Path probe;
    private static Path debian;
    private static Path bls;
    private static Path extlinux;
    private static Path xen;
    /** The command line grub-mkconfig wrote on the default entry's linux line. */
    private static String grubCmdline;

    private TestDisks() {}

    /** The Debian-style disk (ext4 LABEL=debian) whose grub.cfg grub-mkconfig wrote; needs grub-common. */
    static synchronized Path debian() throws IOException, InterruptedException {
        if (debian != null) return debian;
        Path d = Files.createDirectories(DIR.resolve("debian/boot/grub"));
        Files.copy(kernel(), DIR.resolve("debian/boot/vmlinuz-" + VERSION), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(probe(), DIR.resolve("debian/boot/initrd.img-" + VERSION), StandardCopyOption.REPLACE_EXISTING);
        Path work = DIR.resolve("grub-work");
        DiskImage.deleteTree(work);
        String grubCfg = GrubMkconfig.generate(DIR.resolve("debian"), "/dev/vda1", DEBIAN_UUID,
                Files.createDirectories(work), Map.of("GRUB_CMDLINE_LINUX", "console=ttyS0 panic=-1",
                        "GRUB_CMDLINE_LINUX_DEFAULT", "quiet lobos.test=grub", "GRUB_TIMEOUT", "3"));
        Files.writeString(d.resolve("grub.cfg"), grubCfg);
        assertThat(grubCfg).contains("search --no-floppy --fs-uuid --set=root ");
        Matcher linux = Pattern.compile("(?m)^\\s*linux\\s+/boot/vmlinuz-" + Pattern.quote(VERSION) + "\\s+(.*)$")
                .matcher(grubCfg);
        assertThat(linux.find()).as(grubCfg).isTrue();
        grubCmdline = linux.group(1).strip();
        debian = DiskImage.make(DIR.resolve("debian.img"), List.of(DiskImage.Part.ext4("debian", DEBIAN_UUID,
                DIR.resolve("debian"), 48)));
        return debian;
    }

    /** What grub-mkconfig put on the Debian disk's default entry's linux line. */
    static synchronized String grubCmdline() throws IOException, InterruptedException {
        debian();
        return grubCmdline;
    }

    /** A FAT disk (LABEL=ESP) with one Boot Loader Spec entry, "BLS entry" ({@code lobos.test=bls}). */
    static synchronized Path bls() throws IOException, InterruptedException {
        if (bls != null) return bls;
        Path b = Files.createDirectories(DIR.resolve("esp/loader/entries"));
        Files.writeString(b.resolve("lobos-bls.conf"), """
                title BLS entry
                version 6.1.0
                linux /vmlinuz
                initrd /probe.img
                options console=ttyS0 panic=-1 quiet lobos.test=bls
                """);
        Files.copy(kernel(), DIR.resolve("esp/vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(probe(), DIR.resolve("esp/probe.img"), StandardCopyOption.REPLACE_EXISTING);
        bls = DiskImage.make(DIR.resolve("bls.img"), List.of(DiskImage.Part.fat("ESP", ESP_UUID, DIR.resolve("esp"), 32)));
        return bls;
    }

    /** An ext4 disk (LABEL=arch) with extlinux: DEFAULT arch, TIMEOUT 100 ({@code lobos.test=extlinux}). */
    static synchronized Path extlinux() throws IOException, InterruptedException {
        if (extlinux != null) return extlinux;
        Path x = Files.createDirectories(DIR.resolve("arch/boot/extlinux"));
        Files.writeString(x.resolve("extlinux.conf"), """
                DEFAULT arch
                TIMEOUT 100
                LABEL arch
                  LINUX ../vmlinuz-linux
                  INITRD ../initramfs-linux.img
                  APPEND console=ttyS0 panic=-1 quiet lobos.test=extlinux
                """);
        Files.copy(kernel(), DIR.resolve("arch/boot/vmlinuz-linux"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(probe(), DIR.resolve("arch/boot/initramfs-linux.img"), StandardCopyOption.REPLACE_EXISTING);
        extlinux = DiskImage.make(DIR.resolve("arch.img"), List.of(DiskImage.Part.ext4("arch", ARCH_UUID,
                DIR.resolve("arch"), 48)));
        return extlinux;
    }

    /**
     * A Debian Xen host's disk (ext4 LABEL=xen): Debian's Xen hypervisor {@code hypervisor}, the
     * loader's kernel as dom0 with the probe as its initrd, and the grub.cfg grub-mkconfig writes
     * for them (20_linux_xen's "with Xen hypervisor" entry as the default, as Debian's
     * xen-hypervisor-common makes it). The config-VERSION file says only what 20_linux_xen looks
     * for: that the kernel can be dom0 (Debian's is).
     */
    static synchronized Path xen(Path hypervisor, Map<String, String> settings) throws IOException, InterruptedException {
        if (xen != null) return xen;
        Path boot = Files.createDirectories(DIR.resolve("xen/boot/grub"));
        Files.copy(hypervisor, DIR.resolve("xen/boot/" + hypervisor.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(kernel(), DIR.resolve("xen/boot/vmlinuz-" + VERSION), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(probe(), DIR.resolve("xen/boot/initrd.img-" + VERSION), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(DIR.resolve("xen/boot/config-" + VERSION), "CONFIG_XEN_DOM0=y\n");
        Path work = DIR.resolve("grub-work-xen");
        DiskImage.deleteTree(work);
        String grubCfg = GrubMkconfig.generate(DIR.resolve("xen"), "/dev/vda1", XEN_UUID, Files.createDirectories(work),
                settings);
        assertThat(grubCfg).contains("multiboot2\t/boot/" + hypervisor.getFileName() + " placeholder ");
        Files.writeString(boot.resolve("grub.cfg"), grubCfg);
        xen = DiskImage.make(DIR.resolve("xen.img"), List.of(DiskImage.Part.ext4("xen", XEN_UUID, DIR.resolve("xen"), 48)));
        return xen;
    }

    /** QEMU's arguments for {@code disks} as read-only virtio disks, vda first. */
    static List<String> drives(Path... disks) {
        List<String> args = new java.util.ArrayList<>();
        for (Path disk : disks) {
            args.addAll(List.of("-drive", "file=" + disk.toAbsolutePath() + ",format=raw,if=virtio,readonly=on"));
        }
        return args;
    }

    private static Path kernel() throws IOException {
        return TestImages.loader().kernel();
    }

    private static synchronized Path probe() throws IOException {
        if (probe == null) {
            Files.createDirectories(DIR);
            probe = ProbeImage.write(Path.of("/bin/busybox"), DIR.resolve("probe.gz"));
        }
        return probe;
    }
}
