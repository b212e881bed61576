package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The loader boots in QEMU and kexecs the target kernel named in kboot.conf; the probe in the
 * target's initramfs prints what the target kernel received.
 */
class KexecIT {
    @Test
    void kexecsTheDefaultLabelWithItsExactCommandLine(TestInfo test) throws Exception {
        String cmdline = "console=ttyS0 panic=-1 lobos.test=\"a b\" quiet";
        try (Qemu qemu = TestImages.boot(test, """
                # scenario a: the target kernel and the probe, from the loader's own file system
                default=probe
                delay=0
                probe="//boot/vmlinuz initrd=//boot/probe.gz %s"
                """.formatted(cmdline.replace("\"", "\\\"")), "", List.of())) {
            qemu.expect("lobos: coldplug: \\d+ devices, drivers loaded: ", TestImages.BOOT);
            qemu.expect("lobos ready", TestImages.BOOT);
            qemu.expect("kernel loaded", TestImages.BOOT);
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: cmdline " + cmdline + "\n");
            assertThat(report).contains("probe: file /init\n", "probe: file /bin/busybox\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
            assertThat(qemu.output()).doesNotContain("warning: module");
        }
    }

    @Test
    void twoInitrdsAreBothVisibleToTheTarget(TestInfo test) throws Exception {
        try (Qemu qemu = TestImages.boot(test, """
                default=both
                delay=0
                both="//boot/vmlinuz initrd=//boot/probe.gz,//boot/extra.gz console=ttyS0 panic=-1 quiet"
                """, "", List.of())) {
            String report = TestImages.probeReport(qemu);
            assertThat(report).contains("probe: file /bin/busybox\n", "probe: file /extra/second-initrd.txt\n");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
        }
    }

    @Test
    void aFileThatIsNotAKernelIsRefusedAndTheLoaderStaysUsable(TestInfo test) throws Exception {
        try (Qemu qemu = TestImages.boot(test, """
                default=broken
                delay=0
                broken="//etc/passwd console=ttyS0"
                """, "", List.of())) {
            qemu.expect("cannot boot broken: .*not a kernel.*", TestImages.BOOT);
            // the menu comes back and says why on its status line
            new Screen(qemu).await("the refusal on the menu", s -> s.contains("lobos: cannot boot broken: /etc/passwd is not a kernel")
                    && s.contains(TestImages.MENU_KEYS));
            TestImages.bootShell(qemu);
            qemu.send("help");
            qemu.expect("poweroff +turn the machine off", TestImages.BOOT);
            qemu.send("poweroff");
            assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
            assertThat(qemu.output()).doesNotContain(ProbeImage.BEGIN).doesNotContain("Kernel panic");
        }
    }
}
