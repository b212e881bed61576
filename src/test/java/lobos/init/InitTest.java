package lobos.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lobos.config.Volume;
import lobos.image.Synthetic;
import lobos.linux.Errno;
import lobos.linux.RecordingKernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's PID 1 flow against the recording kernel: what it calls, what it prints. */
class InitTest {
    @TempDir
    Path dir;

    private Path etc;
    private Path kernelFile;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        etc = Files.createDirectories(dir.resolve("etc"));
        kernelFile = Files.write(dir.resolve("vmlinuz"), Synthetic.bzImage());
    }

    private RecordingKernel run(String kbootConf, String typed, RecordingKernel kernel) throws Exception {
        Files.writeString(etc.resolve("kboot.conf"), kbootConf);
        new Init(kernel, etc, out(), typed(typed), Init.Machine.of("", List.of()), true).run();
        return kernel;
    }

    private PrintStream out() {
        return new PrintStream(console, true, StandardCharsets.UTF_8);
    }

    /** The console: {@code typed} as its input (then it ends), its output with init's. */
    private Init.Console typed(String typed) {
        return Init.Console.streams(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), console);
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8).replace("\r", "");
    }

    @Test
    void bootsTheDefaultLabelWithItsCommandLine() throws Exception {
        Path initrd = Files.write(dir.resolve("initrd.img"), new byte[] {7});
        var kernel = new RecordingKernel(dir);
        assertThatThrownBy(() -> run("""
                default=linux
                delay=0
                linux="/%s initrd=/%s console=ttyS0 quiet"
                """.formatted(kernelFile, initrd), "", kernel)).isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(kernel.calls).contains(
                "kexec_file_load " + kernelFile + " " + initrd + " [console=ttyS0 quiet]", "reboot KEXEC");
        assertThat(console()).contains("lobos ready", "linux (default)", "Linux 6.99.0-synthetic, bzImage protocol 2.15",
                "kernel loaded");
    }

    /** delay=0 boots before the console's terminal is set up (which cost 1.2 s under emulation); nobody can cancel it. */
    @Test
    void aZeroCountdownBootsWithoutOpeningTheConsole() throws Exception {
        var kernel = new RecordingKernel(dir);
        Files.writeString(etc.resolve("kboot.conf"), "default=linux\ndelay=0\nlinux=\"/%s quiet\"\n".formatted(kernelFile));
        java.util.concurrent.atomic.AtomicBoolean opened = new java.util.concurrent.atomic.AtomicBoolean();
        Init.Console console = (loader, title) -> {
            opened.set(true);
            return typed("").open(loader, title);
        };
        assertThatThrownBy(() -> new Init(kernel, etc, out(), console, Init.Machine.of("", List.of()), true).run())
                .isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(kernel.calls).contains("kexec_file_load " + kernelFile + " null [quiet]", "reboot KEXEC");
        assertThat(opened).isFalse();
        assertThat(console()).contains("lobos: booting linux: /" + kernelFile + "\n").doesNotContain("Ctrl-C");
    }

    @Test
    void aFailedBootSaysWhyAndThePromptStillWorks() throws Exception {
        Path notAKernel = Files.writeString(dir.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        var kernel = new RecordingKernel(dir);
        assertThatThrownBy(() -> run("""
                default=broken
                delay=0
                broken="/%s console=ttyS0"
                good="/%s console=ttyS0"
                """.formatted(notAKernel, kernelFile), "help\nlist\npoweroff\n", kernel))
                .isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(console()).contains("lobos: cannot boot broken: " + notAKernel + " is not a kernel",
                "Number, label or command", "poweroff              turn the machine off", "  good  good  [");
        assertThat(kernel.calls).noneMatch(c -> c.startsWith("kexec_file_load"))
                .contains("reboot POWER_OFF").doesNotContain("reboot KEXEC");
    }

    @Test
    void aRefusedLoadLeavesTheLoaderAtThePromptToTryAnother() throws Exception {
        var kernel = new RecordingKernel(dir).failing("kexec_file_load", Errno.EKEYREJECTED);
        run("""
                default=linux
                delay=0
                linux="/%s console=ttyS0"
                """.formatted(kernelFile), "\n", kernel); // Enter: the default again
        assertThat(console()).contains("cannot boot linux: kexec_file_load " + kernelFile + " failed: EKEYREJECTED",
                "signature");
        assertThat(kernel.calls.stream().filter(c -> c.startsWith("kexec_file_load"))).hasSize(2);
        assertThat(kernel.calls).noneMatch(c -> c.startsWith("reboot"));
    }

    @Test
    void typedCommandsAndLabelsBoot() throws Exception {
        var kernel = new RecordingKernel(dir);
        assertThatThrownBy(() -> run("mine=\"/%s ro\"\n".formatted(kernelFile), "/" + kernelFile + " root=/dev/sda1\n",
                kernel)).isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(kernel.calls).contains("kexec_file_load " + kernelFile + " null [root=/dev/sda1]");
    }

    @Test
    void restrictedAllowsOnlyLabels() throws Exception {
        var kernel = new RecordingKernel(dir);
        run("restricted=true\nmine=\"/%s ro\"\n".formatted(kernelFile), "/" + kernelFile + " init=/bin/sh\n", kernel);
        assertThat(console()).contains("lobos: restricted: typing a kernel path is not allowed (kboot.conf sets no"
                + " password=); labels: mine");
        assertThat(kernel.calls).noneMatch(c -> c.startsWith("kexec_file_load"));
    }

    @Test
    void loadsConfiguredModulesInOrderAndToleratesLoadedOnes() throws Exception {
        Files.createDirectories(etc.resolve("lobos"));
        Files.writeString(etc.resolve("lobos/modules.index"), """
                virtio_ring /lib/modules/x/virtio_ring.ko -
                virtio /lib/modules/x/virtio.ko -
                virtio_blk /lib/modules/x/virtio_blk.ko virtio,virtio_ring
                ext4 /lib/modules/x/ext4.ko -
                """);
        Files.writeString(etc.resolve("lobos/modules"), "virtio_blk\nvirtio\nnot_here\n");
        var kernel = new RecordingKernel(dir).failing("finit_module", Errno.EEXIST);
        run("", "", kernel);
        assertThat(kernel.calls).containsExactly("mount devpts /dev/pts devpts 0xa null",
                "finit_module /lib/modules/x/virtio.ko []", "finit_module /lib/modules/x/virtio_ring.ko []",
                "finit_module /lib/modules/x/virtio_blk.ko []");
        assertThat(console()).contains("loaded 2 kernel modules", "warning: module not_here is not in this image")
                .doesNotContain("EEXIST");
    }

    @Test
    void withoutAKbootDefaultADiscoveredConfigsDefaultBoots() throws Exception {
        Path disk = Files.createDirectories(dir.resolve("disk/boot/extlinux"));
        Files.copy(kernelFile, dir.resolve("disk/boot/vmlinuz-linux"));
        Files.writeString(disk.resolve("extlinux.conf"), """
                DEFAULT arch
                TIMEOUT 10
                LABEL arch
                  LINUX ../vmlinuz-linux
                  APPEND root=LABEL=arch rw
                """);
        Files.writeString(etc.resolve("kboot.conf"), "mine=\"//%s ro\"\n".formatted(kernelFile));
        var kernel = new RecordingKernel(dir);
        var machine = Init.Machine.of("", List.of(Volume.of(dir.resolve("disk"))));
        // no input: the extlinux config's countdown (1 s) boots its default
        assertThatThrownBy(() -> new Init(kernel, etc, out(), typed(""), machine, true).run())
                .isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(kernel.calls).contains("kexec_file_load " + dir.resolve("disk/boot/vmlinuz-linux") + " null [root=LABEL=arch rw]");
        assertThat(console()).contains("  mine  [" + etc.resolve("kboot.conf") + ":1]",
                "  " + dir.resolve("disk/boot/extlinux/extlinux.conf") + ":\n",
                "    dir1:syslinux:arch (default)  \"arch\"  [" + dir.resolve("disk") + " /boot/extlinux/extlinux.conf:3]");
    }

    @Test
    void aKbootPathOnTheCommandLineAddsItsLabels() throws Exception {
        Path more = Files.writeString(dir.resolve("more.conf"), "default=extra\nextra=\"//%s extra=1\"\n"
                .formatted(kernelFile));
        Files.writeString(etc.resolve("kboot.conf"), "delay=0\nmine=\"//%s ro\"\n".formatted(kernelFile));
        var kernel = new RecordingKernel(dir);
        var machine = Init.Machine.of("console=ttyS0 kboot=local kboot=/" + more, List.of());
        assertThatThrownBy(() -> new Init(kernel, etc, out(), typed(""), machine, true).run())
                .isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(kernel.calls).contains("kexec_file_load " + kernelFile + " null [extra=1]");
        assertThat(console()).contains("  mine  [", "  extra (default)  [/" + more + ":2]");
    }

    /** A dry-run init that read {@code kbootConf} and whose console input ended: its loader is up. */
    private Init started(String kbootConf, RecordingKernel kernel) throws Exception {
        Files.writeString(etc.resolve("kboot.conf"), kbootConf);
        Init init = new Init(kernel, etc, out(), typed(""), Init.Machine.of("", List.of()), true);
        init.run();
        return init;
    }

    @Test
    void theShellsLoaderPortBootsThroughTheSameBooter() throws Exception {
        var kernel = new RecordingKernel(dir);
        lobos.shell.Loader loader = started("restricted=true\nmine=\"//%s ro\"\n".formatted(kernelFile), kernel).loader();
        assertThat(loader.menu().entries()).extracting(lobos.config.BootEntry::id).containsExactly("mine");
        assertThat(loader.conf().restricted()).isTrue();
        assertThat(loader.log()).anyMatch(l -> l.contains("lobos ready"));

        var cancelled = new lobos.shell.Cancel();
        cancelled.cancel();
        assertThatThrownBy(() -> loader.load(loader.menu().entries().getFirst(), cancelled, lobos.fetch.Progress.NONE))
                .isInstanceOf(InterruptedException.class);
        Thread.interrupted();
        assertThat(kernel.calls).noneMatch(c -> c.startsWith("kexec_file_load"));

        var loaded = loader.load(loader.menu().entries().getFirst(), new lobos.shell.Cancel(), lobos.fetch.Progress.NONE);
        assertThat(loaded.summary()).startsWith("Linux 6.99.0-synthetic, bzImage protocol 2.15; kernel loaded in ")
                .endsWith("), command line: ro");
        assertThatThrownBy(() -> loader.execute(loaded)).isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(kernel.calls).contains("kexec_file_load " + kernelFile + " null [ro]", "reboot KEXEC");
    }

    @Test
    void aBootFromAnotherSessionWhileTheMenuHoldsTheConsoleStillLeavesItsLinesThere() throws Exception {
        Init init = started("mine=\"//%s ro\"\n".formatted(kernelFile), new RecordingKernel(dir));
        lobos.shell.Loader loader = init.loader();
        init.consoleLog().hold(true); // the console's full-screen menu is up; an SSH session boots
        var loaded = loader.load(loader.menu().entries().getFirst(), new lobos.shell.Cancel(), lobos.fetch.Progress.NONE);
        assertThat(console()).doesNotContain("lobos: starting the new kernel", "lobos: booting mine");
        // the session showed the attempt to its user; the loader's log keeps it (log, pstore, the manager)
        assertThat(loader.log()).anyMatch(l -> l.startsWith("lobos: booting mine: "))
                .anyMatch(l -> l.startsWith("lobos: Linux 6.99.0-synthetic, bzImage protocol 2.15; kernel loaded in "));
        assertThatThrownBy(() -> loader.execute(loaded)).isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(console()).contains("lobos: starting the new kernel");
        // had the kernel not started, the menu would have its console to itself again
        assertThat(init.consoleLog().holding()).isTrue();
    }

    @Test
    void theShellsLogAndDmesgAndNetworkCommandsAreTheLoaders() throws Exception {
        var kernel = new RecordingKernel(dir);
        kernel.kernelLog = "<6>[    0.000000] Linux version 6.1.0-test\n<4>[    1.5] a warning\n";
        run("mine=\"//%s ro\"\n".formatted(kernelFile), "log\ndmesg\nhelp\n", kernel);
        String text = console();
        String afterPrompt = text.substring(text.indexOf("Number, label or command"));
        // log: init's own lines, the banner first
        assertThat(afterPrompt).contains("lobos ready", "  mine (default)  [");
        assertThat(afterPrompt).contains("[    0.000000] Linux version 6.1.0-test\n[    1.5] a warning\n");
        // a dry run has no network: the shell lists no net, dhcp or netboot
        assertThat(afterPrompt).doesNotContain("dhcp [IFACE]");
    }
}
