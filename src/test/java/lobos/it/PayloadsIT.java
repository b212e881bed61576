package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import lobos.initramfs.Compression;
import lobos.initramfs.InitramfsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Real payloads from the menu: Debian's memtest86+ and a unified kernel image made with objcopy. */
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

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
