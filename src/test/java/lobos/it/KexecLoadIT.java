package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lobos.build.Qemu;
import lobos.image.BzImage;
import lobos.image.BzImagePayload;
import lobos.image.KernelImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * kexec_load with lobos's own entry code, end to end: the loader lays out the target in
 * segments, the running kernel copies them into place, the entry code enters the target, and
 * the probe in the target's initramfs reports what it received.
 */
class KexecLoadIT {
    /** Room for the loader, a 63 MiB vmlinux in its initramfs and the copies kexec_load makes. */
    static final int MEMORY_MIB = 1536;

    @Test
    void anElfVmlinuxBootsThroughKexecLoadWithTheZeroPage(TestInfo test) throws Exception {
        String cmdline = "console=ttyS0 panic=-1 lobos.test=vmlinux quiet";
        Path initrd = withFiles(test, """
                default=vmlinux
                delay=0
                vmlinux="//boot/vmlinux initrd=//boot/probe.gz %s"
                """.formatted(cmdline), Map.of("boot/vmlinux", vmlinux()));
        try (Qemu qemu = start(test, initrd)) {
            // the segments as kexec_load is given them, then the loaded kernel's summary
            qemu.expect("lobos: kexec_load: kernel 0x1000000-", TestImages.BOOT);
            qemu.expect("lobos: Linux ELF vmlinux with 4 PT_LOAD segments, entry 0x1000000; kernel loaded in ", TestImages.BOOT);
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline " + cmdline + "\n", "probe: file /bin/busybox\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
    }

    @Test
    void aBzImageBootsThroughKexecLoadWhenAskedFromTheShell(TestInfo test) throws Exception {
        String cmdline = "console=ttyS0 panic=-1 lobos.test=bzimage-load quiet";
        Path initrd = withFiles(test, "delay=0\n", Map.of());
        try (Qemu qemu = start(test, initrd)) {
            // busybox's shell from the boot shell; a line typed before it runs would go to the boot shell
            TestImages.busybox(qemu);
            qemu.send(lobos("boot --syscall=load --force /boot/vmlinuz --initrd /boot/probe.gz --command-line '"
                    + cmdline + "'"));
            qemu.expect("system call: +kexec_load", TestImages.BOOT);
            qemu.expect("kexec_load: entry 0x", TestImages.BOOT);
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline " + cmdline + "\n", "probe: file /bin/busybox\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
    }

    /** The shell command that runs the lobos CLI inside the loader, as its /init runs lobos init. */
    static String lobos(String arguments) {
        return "/lobos/jre/bin/java -XX:+UseSerialGC -Xint -XX:-UsePerfData --enable-native-access=ALL-UNNAMED"
                + " -cp /lobos/lobos.jar lobos.cli.Main " + arguments;
    }

    static Qemu start(TestInfo test, Path initrd) throws IOException {
        String name = test.getTestMethod().orElseThrow().getName();
        return Qemu.start(new Qemu.Options(TestImages.loader().kernel(), initrd, "console=ttyS0 panic=-1 quiet",
                MEMORY_MIB, List.of()), TestImages.DIR.resolve(name + ".log"));
    }

    /** The loader with the usual target overlay and kboot.conf, then an uncompressed overlay with {@code files}. */
    static Path withFiles(TestInfo test, String kbootConf, Map<String, Path> files) throws IOException {
        return TestImages.withFiles(test, kbootConf, files, 0644);
    }

    /** The ELF vmlinux inside the loader's Debian bzImage, as extract-vmlinux would find it. */
    static synchronized Path vmlinux() throws IOException {
        Path out = TestImages.DIR.resolve("vmlinux");
        if (Files.isRegularFile(out)) return out;
        byte[] bz = Files.readAllBytes(TestImages.loader().kernel());
        byte[] elf = BzImagePayload.decompress(bz, (BzImage) KernelImage.identify(bz));
        Files.createDirectories(TestImages.DIR);
        return Files.write(out, elf);
    }
}
