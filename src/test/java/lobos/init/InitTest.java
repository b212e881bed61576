package lobos.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        var in = new BufferedReader(new StringReader(typed));
        var out = new PrintStream(console, true, StandardCharsets.UTF_8);
        new Init(kernel, etc, out, in, in::ready, true).run();
        return kernel;
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
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
        assertThat(console()).contains("cannot boot broken: " + notAKernel + " is not a kernel",
                "lobos> ", "poweroff       turn the machine off", "good: /" + kernelFile);
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
                """.formatted(kernelFile), "retry\n", kernel);
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
        assertThat(console()).contains("restricted: only these labels may be booted: mine");
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
}
