package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The loader boots in QEMU and kexecs the target kernel named in kboot.conf; the probe in the
 * target's initramfs prints what the target kernel received.
 */
class KexecIT {
    private static final Duration BOOT = Duration.ofSeconds(120);

    private Qemu boot(TestInfo test, String kbootConf) throws Exception {
        String name = test.getTestMethod().orElseThrow().getName();
        Path initrd = TestImages.withOverlay(name, kbootConf);
        return Qemu.start(new Qemu.Options(TestImages.loader().kernel(), initrd, "console=ttyS0 panic=-1 quiet"),
                TestImages.DIR.resolve(name + ".log"));
    }

    /** The probe's report: everything between its markers. */
    private static String probeReport(Qemu qemu) throws InterruptedException {
        qemu.expect(Pattern.quote(ProbeImage.BEGIN), BOOT);
        return qemu.expect("(?s)(.*?)" + Pattern.quote(ProbeImage.END), BOOT).group(1);
    }

    @Test
    void kexecsTheDefaultLabelWithItsExactCommandLine(TestInfo test) throws Exception {
        String cmdline = "console=ttyS0 panic=-1 lobos.test=\"a b\" quiet";
        try (Qemu qemu = boot(test, """
                # scenario a: the target kernel and the probe, from the loader's own file system
                default=probe
                delay=0
                probe="//boot/vmlinuz initrd=//boot/probe.gz %s"
                """.formatted(cmdline.replace("\"", "\\\"")))) {
            qemu.expect("lobos: loaded \\d+ kernel modules", BOOT);
            qemu.expect("lobos ready", BOOT);
            qemu.expect("kernel loaded", BOOT);
            String report = probeReport(qemu);
            assertThat(report).contains("probe: cmdline " + cmdline + "\n");
            assertThat(report).contains("probe: file /init\n", "probe: file /bin/busybox\n");
            assertThat(qemu.awaitExit(BOOT)).isZero();
            assertThat(qemu.output()).doesNotContain("warning: module");
        }
    }

    @Test
    void twoInitrdsAreBothVisibleToTheTarget(TestInfo test) throws Exception {
        try (Qemu qemu = boot(test, """
                default=both
                delay=0
                both="//boot/vmlinuz initrd=//boot/probe.gz,//boot/extra.gz console=ttyS0 panic=-1 quiet"
                """)) {
            String report = probeReport(qemu);
            assertThat(report).contains("probe: file /bin/busybox\n", "probe: file /extra/second-initrd.txt\n");
            assertThat(qemu.awaitExit(BOOT)).isZero();
        }
    }

    @Test
    void aFileThatIsNotAKernelIsRefusedAndTheLoaderStaysUsable(TestInfo test) throws Exception {
        try (Qemu qemu = boot(test, """
                default=broken
                delay=0
                broken="//etc/passwd console=ttyS0"
                """)) {
            qemu.expect("cannot boot broken: .*not a kernel.*", BOOT);
            qemu.expect("lobos> ", BOOT);
            qemu.send("help");
            qemu.expect("poweroff +turn the machine off", BOOT);
            qemu.send("poweroff");
            assertThat(qemu.awaitExit(BOOT)).isZero();
            assertThat(qemu.output()).doesNotContain(ProbeImage.BEGIN).doesNotContain("Kernel panic");
        }
    }
}
