package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import lobos.config.grub.GrubMkconfig;
import lobos.initramfs.Compression;
import lobos.initramfs.InitramfsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Real payloads from the menu: Debian's memtest86+, a unified kernel image made with objcopy, and
 * Debian's Xen hypervisor with the loader's kernel as dom0.
 */
class PayloadsIT {
    static final Path MEMTEST = Path.of("/boot/memtest86+x64.bin");
    static final Path STUB = Path.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub");

    @Test
    void memtestStartsFromTheMenu(TestInfo test) throws Exception {
        assertThat(MEMTEST).as("Debian's memtest86+ package (scripts/packages.sh)").isRegularFile();
        Path initrd = KexecLoadIT.withFiles(test, """
                default=memtest
                delay=0
                memtest="//boot/memtest.bin console=ttyS0,115200"
                """, Map.of("boot/memtest.bin", MEMTEST));
        try (Qemu qemu = KexecLoadIT.start(test, initrd)) {
            // kexec_file_load refuses it (not loadable above 4 GiB); lobos lays it out at its fixed 1 MiB.
            qemu.expect("lobos: kexec_load: kernel 0x100000-", TestImages.BOOT);
            qemu.expect("lobos: warning: .*XLF_CAN_BE_LOADED_ABOVE_4G.*kexec_load", TestImages.BOOT);
            qemu.expect("lobos: starting the new kernel", TestImages.BOOT);
            qemu.expect("Memtest86\\+ v6", TestImages.BOOT);
            qemu.expect("Pass", TestImages.BOOT);
        }
    }

    @Test
    void aUnifiedKernelImageBootsWithItsOwnCommandLineMicrocodeAndInitrd(TestInfo test) throws Exception {
        assertThat(STUB).as("systemd-boot-efi's stub (scripts/packages.sh)").isRegularFile();
        String cmdline = "console=ttyS0 panic=-1 lobos.test=uki quiet";
        Path dir = TestImages.DIR;
        Path probe = ProbeImage.write(Path.of("/bin/busybox"), dir.resolve("uki-probe.cpio.gz"));
        Path ucode = dir.resolve("uki-ucode.cpio");
        try (OutputStream out = Files.newOutputStream(ucode)) {
            new InitramfsBuilder().file("ucode/marker.txt", "from .ucode\n".getBytes(), 0644).writeTo(out, Compression.NONE);
        }
        Path cmdlineFile = Files.writeString(dir.resolve("uki-cmdline.txt"), cmdline);
        Path osrel = Files.writeString(dir.resolve("uki-os-release"), "NAME=\"lobos test\"\nPRETTY_NAME=\"lobos UKI test\"\n");
        Path uki = dir.resolve("uki.efi");
        Files.deleteIfExists(uki);
        run("objcopy",
                "--add-section", ".osrel=" + osrel, "--change-section-vma", ".osrel=0x20000",
                "--add-section", ".cmdline=" + cmdlineFile, "--change-section-vma", ".cmdline=0x30000",
                "--add-section", ".ucode=" + ucode, "--change-section-vma", ".ucode=0x40000",
                "--add-section", ".linux=" + TestImages.loader().kernel(), "--change-section-vma", ".linux=0x2000000",
                "--add-section", ".initrd=" + probe, "--change-section-vma", ".initrd=0x3000000",
                STUB.toString(), uki.toString());
        Path initrd = KexecLoadIT.withFiles(test, """
                default=uki
                delay=0
                uki="//boot/uki.efi"
                """, Map.of("boot/uki.efi", uki));
        try (Qemu qemu = KexecLoadIT.start(test, initrd)) {
            qemu.expect("lobos: unified kernel image: lobos UKI test, Linux 6", TestImages.BOOT);
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline " + cmdline + "\n", "probe: file /ucode/marker.txt\n",
                    "probe: file /bin/busybox\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
    }

    /**
     * A Debian Xen host's disk: grub-mkconfig's "with Xen hypervisor" entry (multiboot2 and
     * module2 lines, "placeholder" words and all) boots Xen through Multiboot2, and Xen starts
     * the dom0 kernel with the command line GRUB 2 would have given it. Debian's
     * xen-hypervisor package is unpacked by scripts/test (-Dlobos.test.xen), not installed.
     */
    @Test
    void xenStartsItsDom0FromTheXenEntryGrubMkconfigWrote(TestInfo test) throws Exception {
        String hypervisor = System.getProperty("lobos.test.xen");
        assumeTrue(hypervisor != null, "Debian's Xen hypervisor was not unpacked (scripts/test sets -Dlobos.test.xen)");
        assumeTrue(GrubMkconfig.available(), "grub-common (Debian package) is not installed");
        // smap=0 smep=0: under TCG (-cpu max) dom0 crashes at its first exception when Xen uses
        // them, booted by QEMU's own Multiboot loader too (docs/boot.md)
        Path disk = TestDisks.xen(Path.of(hypervisor), Map.of(
                "GRUB_DEFAULT", "Debian GNU/Linux, with Xen hypervisor", "GRUB_TIMEOUT", "1",
                "GRUB_CMDLINE_XEN_DEFAULT", "console=com1 com1=115200,8n1 dom0_mem=512M bootscrub=0 noreboot smap=0 smep=0",
                "GRUB_CMDLINE_LINUX", "console=hvc0 panic=-1", "GRUB_CMDLINE_LINUX_DEFAULT", "quiet lobos.test=xen"));
        String grubCfg = Files.readString(TestDisks.DIR.resolve("xen/boot/grub/grub.cfg"));
        Matcher dom0 = Pattern.compile("module2\\s+/boot/vmlinuz-" + Pattern.quote(TestDisks.VERSION) + "\\s+(.*)")
                .matcher(grubCfg);
        assertThat(dom0.find()).as(grubCfg).isTrue();
        try (Qemu qemu = TestImages.boot(test, "# no default: the disk's GRUB decides\n", "", TestDisks.drives(disk),
                KexecLoadIT.MEMORY_MIB)) {
            qemu.expect(Pattern.quote("Booting \"Debian GNU/Linux, with Xen hypervisor\""), TestImages.BOOT);
            qemu.expect("lobos: kexec_load: kernel 0x200000-", TestImages.BOOT);
            // Xen drops the first word (the image's path, which lobos passes as GRUB Legacy did)
            qemu.expect("\\(XEN\\) Command line: placeholder console=com1 ", TestImages.BOOT);
            qemu.expect("\\(XEN\\) .*Dom0 kernel: 64-bit", TestImages.BOOT);
            String report = TestImages.probeReport(qemu);
            // what GRUB 2 gives dom0: the module2 line's arguments, "placeholder" first
            assertThat(report).contains("probe: cmdline " + dom0.group(1).strip() + "\n", "probe: file /bin/busybox\n");
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
