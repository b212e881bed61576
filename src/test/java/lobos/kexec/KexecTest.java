package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lobos.initramfs.Compression;
import lobos.initramfs.Initrd;
import lobos.initramfs.InitramfsBuilder;
import lobos.linux.Errno;
import lobos.linux.KernelException;
import lobos.linux.MountTable;
import lobos.linux.RecordingKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KexecTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();
    private final List<List<String>> commands = new ArrayList<>();

    private Kexec kexec(RecordingKernel kernel, String mounts) {
        return new Kexec(kernel, log::add, () -> MountTable.parse(mounts), c -> {
            commands.add(c);
            return 0;
        });
    }

    private BootPlan plan(Path... initrds) {
        return new BootPlan(dir.resolve("vmlinuz"), "test kernel", List.of(initrds), "root=/dev/vda1 quiet", List.of());
    }

    @Test
    void loadsOneInitrdAsItIs() throws Exception {
        Path initrd = Files.write(dir.resolve("initrd"), new byte[] {1, 2, 3});
        var kernel = new RecordingKernel(dir);
        kexec(kernel, "").load(plan(initrd));
        assertThat(kernel.calls).containsExactly(
                "kexec_file_load " + dir.resolve("vmlinuz") + " " + initrd + " [root=/dev/vda1 quiet]");
    }

    private Path archive(String name, Compression compression, String... files) throws Exception {
        var builder = new InitramfsBuilder();
        for (String f : files) builder.file(f, f.getBytes(), 0644);
        Path p = dir.resolve(name);
        try (var out = Files.newOutputStream(p)) {
            builder.writeTo(out, compression);
        }
        return p;
    }

    @Test
    void concatenatesSeveralInitrdsInOrderIntoOneTheKernelUnpacksWhole() throws Exception {
        Path ucode = archive("ucode.cpio", Compression.NONE, "kernel/x86/microcode/GenuineIntel.bin");
        Path main = archive("main.cpio.gz", Compression.GZIP, "init", "bin/busybox");
        var kernel = new RecordingKernel(dir);
        kexec(kernel, "").load(plan(ucode, main));
        // The microcode archive comes first and unchanged, as the early loader needs it.
        byte[] first = Files.readAllBytes(ucode);
        assertThat(java.util.Arrays.copyOf(kernel.loadedInitrd, first.length)).isEqualTo(first);
        assertThat(Initrd.paths(new java.io.ByteArrayInputStream(kernel.loadedInitrd)))
                .contains("kernel/x86/microcode/GenuineIntel.bin", "init", "bin/busybox");
    }

    @Test
    void aPartThatIsNotAnInitramfsStopsTheLoadBeforeTheKernelIsCalled() throws Exception {
        Path junk = Files.write(dir.resolve("junk"), new byte[] {1, 2, 3, 4, 5});
        Path main = archive("main.cpio", Compression.NONE, "init");
        var kernel = new RecordingKernel(dir);
        assertThatThrownBy(() -> kexec(kernel, "").load(plan(main, junk)))
                .hasMessageContaining("initrd 2").hasMessageContaining("junk");
        assertThat(kernel.calls).isEmpty();
    }

    @Test
    void failedLoadIsTypedAndLeavesNothingLoaded() throws Exception {
        var kernel = new RecordingKernel(dir).failing("kexec_file_load", Errno.EKEYREJECTED);
        var k = kexec(kernel, "");
        assertThatThrownBy(() -> k.load(plan()))
                .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.hint()).contains("signature"));
        assertThat(kernel.kexecLoaded()).isFalse();
        assertThatThrownBy(() -> k.execute(Handoff.INIT)).hasMessageContaining("no kernel is loaded");
        assertThat(kernel.calls).noneMatch(c -> c.startsWith("reboot"));
    }

    @Test
    void asInitItFlushesReleasesDataFileSystemsAndReboots() throws Exception {
        var kernel = new RecordingKernel(dir);
        var k = kexec(kernel, """
                rootfs / rootfs rw 0 0
                proc /proc proc rw 0 0
                /dev/vda1 /run/lobos/vda1 ext4 ro 0 0
                server:/k /run/lobos/nfs nfs rw 0 0
                /dev/vda2 /run/lobos/vda2 ext4 rw 0 0
                """);
        k.load(plan());
        assertThatThrownBy(() -> k.execute(Handoff.INIT)).isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(kernel.calls).containsExactly(
                "kexec_file_load " + dir.resolve("vmlinuz") + " null [root=/dev/vda1 quiet]",
                "sync ", "umount /run/lobos/vda2 0", "umount /run/lobos/nfs 0", "sync ", "reboot KEXEC");
    }

    @Test
    void busyFileSystemsAreRemountedReadOnly() throws Exception {
        var kernel = new RecordingKernel(dir).failing("umount", Errno.EBUSY);
        var k = kexec(kernel, "/dev/sda1 / ext4 rw 0 0\n/dev/sda2 /home ext4 rw 0 0\n");
        k.load(plan());
        assertThatThrownBy(() -> k.execute(Handoff.DIRECT)).isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(kernel.calls).containsSubsequence("umount /home 0", "mount /dev/sda2 /home ext4 0x21 null",
                "mount /dev/sda1 / ext4 0x21 null", "reboot KEXEC");
        assertThat(log).anyMatch(l -> l.contains("remounting read-only"));
    }

    @Test
    void underSystemdItAsksSystemctl() throws Exception {
        var kernel = new RecordingKernel(dir);
        var k = kexec(kernel, "/dev/sda1 / ext4 rw 0 0\n");
        k.load(plan());
        k.execute(Handoff.SYSTEMD);
        assertThat(commands).containsExactly(List.of("systemctl", "kexec"));
        assertThat(kernel.calls).noneMatch(c -> c.startsWith("reboot") || c.startsWith("umount"));
    }
}
