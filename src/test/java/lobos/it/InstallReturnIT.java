package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lobos.build.Qemu;
import lobos.initramfs.Compression;
import lobos.initramfs.Content;
import lobos.initramfs.Initrd;
import lobos.initramfs.InitramfsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The way back to the loader, end to end, in one QEMU machine: the loader boots a target that is
 * a small Linux system with lobos on it; the target runs {@code lobos install-return}, then does
 * what systemd would (runs the unit's ExecStart, then the system-shutdown hook with "reboot"),
 * and the loader comes up again through kexec, with no firmware in between: SeaBIOS boots the
 * machine once (its "Booting from ROM" line, on its debug port 0x402, appears once; its version
 * banner comes twice in every boot, once more when it turns the VGA console on), the loader's
 * start line twice.
 *
 * <p>The target is the Debian kernel with an initramfs made of the loader image itself (its
 * runtime, jars and busybox: what {@code lobos} needs as a command) and an overlay holding the
 * loader's files to install and {@code /target-init}, a busybox script that plays systemd's part
 * exactly as ReturnPath documents it. systemd itself is simulated by that script.
 */
class InstallReturnIT {
    /** Room for the target's initramfs twice in the loader (the file, kexec's copy) and the loader twice in the target. */
    static final int MEMORY_MIB = 1536;
    static final Pattern START_LINE = Pattern.compile("(?m)^lobos \\S+ on Linux \\S+ x86_64$");
    /** SeaBIOS's line as it starts the -kernel option ROM: once per firmware boot. */
    static final String FIRMWARE_BOOT = "Booting from ROM";

    /**
     * The target's init. The unit's ExecStart is read from the file lobos wrote and run with
     * systemd's own unescaping of $$ and %% (the rest of its quoting is what sh's eval reads the
     * same way); the hook runs as systemd-shutdown runs it, with "reboot".
     * JAVA_TOOL_OPTIONS keeps the JVMs interpreted, as the loader's own is under TCG.
     */
    static final String TARGET_INIT = """
            #!/bin/busybox sh
            export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root JAVA_TOOL_OPTIONS="-Xint -XX:+UseSerialGC -XX:-UsePerfData"
            mount -t devtmpfs devtmpfs /dev
            mount -t proc proc /proc
            mount -t sysfs sysfs /sys
            mount -t tmpfs tmpfs /run
            cd /
            echo "target: up, PID $$"
            /lobos/jre/bin/java --enable-native-access=ALL-UNNAMED -cp /lobos/lobos.jar lobos.cli.Main \\
                install-return --loader-image /loader
            echo "target: install-return exit $?"
            unit=/etc/systemd/system/lobos-return.service
            [ -L /etc/systemd/system/multi-user.target.wants/lobos-return.service ] && echo "target: unit enabled"
            echo "target: systemd starts lobos-return.service"
            eval "$(sed -n 's/^ExecStart=//p' $unit | sed 's/[$][$]/\\\\$/g; s/%%/%/g')"
            echo "target: ExecStart exit $?, kexec_loaded $(cat /sys/kernel/kexec_loaded)"
            echo "target: systemd-shutdown runs the hook with reboot"
            /usr/lib/systemd/system-shutdown/lobos-return reboot
            echo "target: the hook returned $?; systemd-shutdown would reset through the firmware now"
            poweroff -f
            """;

    @Test
    void aTargetWithInstallReturnRebootsIntoTheLoaderWithNoFirmwareInBetween(TestInfo test) throws Exception {
        String name = test.getTestMethod().orElseThrow().getName();
        Path target = targetInitramfs();
        Path initrd = KexecLoadIT.withFiles(test, """
                default=target
                delay=0
                target="//boot/vmlinuz initrd=//boot/target.cpio rdinit=/target-init console=ttyS0 panic=-1 quiet"
                """, Map.of("boot/target.cpio", target));
        Path firmwareLog = TestImages.DIR.resolve(name + "-firmware.log");
        Files.deleteIfExists(firmwareLog);
        List<String> debugPort = List.of("-chardev", "file,id=firmware,path=" + firmwareLog,
                "-device", "isa-debugcon,iobase=0x402,chardev=firmware");
        try (Qemu qemu = Qemu.start(new Qemu.Options(TestImages.loader().kernel(), initrd, "console=ttyS0 panic=-1 quiet",
                MEMORY_MIB, debugPort), TestImages.DIR.resolve(name + ".log"))) {
            qemu.expect(START_LINE.pattern(), TestImages.BOOT);
            qemu.expect("target: up, PID 1\n", TestImages.BOOT);
            qemu.expect("target: install-return exit 0\n", TestImages.BOOT);
            qemu.expect("target: unit enabled\n", TestImages.BOOT);
            qemu.expect("target: ExecStart exit 0, kexec_loaded 1\n", TestImages.BOOT);
            qemu.expect("target: systemd-shutdown runs the hook with reboot\n", TestImages.BOOT);
            qemu.expect("starting the new kernel", TestImages.BOOT);
            // -no-reboot: a reset through the firmware would have ended QEMU instead.
            qemu.expect(START_LINE.pattern(), TestImages.BOOT);
            TestImages.menu(qemu); // the loader is back, its menu up
            assertThat(qemu.running()).isTrue();

            String console = qemu.output();
            List<Integer> starts = START_LINE.matcher(console).results().map(java.util.regex.MatchResult::start).toList();
            assertThat(starts).hasSize(2);
            int firstTarget = console.indexOf("target: up");
            int hook = console.indexOf("target: systemd-shutdown runs the hook");
            assertThat(starts.get(0)).isLessThan(firstTarget);
            assertThat(starts.get(1)).isGreaterThan(hook);
            assertThat(console).doesNotContain("the hook returned");
            assertThat(console.substring(firstTarget)).contains("installed /boot/lobos/vmlinuz, /boot/lobos/initramfs");
            String firmware = Files.readString(firmwareLog);
            assertThat(firmware.split(Pattern.quote(FIRMWARE_BOOT), -1)).as("SeaBIOS boots in " + firmwareLog)
                    .hasSize(2);
        }
    }

    /**
     * The loader image's initramfs (the target's runtime: busybox, the JRE, lobos's jars), then an
     * uncompressed overlay (unpacking gzip costs seconds under TCG) with the loader's files to
     * install, in /loader as lobos mkimage writes them, and the target's init.
     */
    static Path targetInitramfs() throws IOException {
        Path dir = TestImages.DIR;
        Path overlay = dir.resolve("return-target-overlay.cpio");
        try (OutputStream out = Files.newOutputStream(overlay)) {
            new InitramfsBuilder()
                    .file("target-init", TARGET_INIT.getBytes(), 0755)
                    .file("loader/vmlinuz", TestImages.loader().kernel(), 0644)
                    .file("loader/lobos-initramfs.cpio", TestImages.loader().initramfs(), 0644)
                    .writeTo(out, Compression.NONE);
        }
        Path target = dir.resolve("return-target.cpio");
        try (OutputStream out = Files.newOutputStream(target)) {
            Initrd.concatenate(List.of(Content.of(TestImages.loader().initramfs()), Content.of(overlay)), out);
        }
        return target;
    }
}
