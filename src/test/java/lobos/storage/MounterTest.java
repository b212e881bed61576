package lobos.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lobos.linux.Errno;
import lobos.linux.Modules;
import lobos.linux.RecordingKernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MounterTest {
    @TempDir
    Path dir;

    private Path run;
    private Path filesystems;

    @BeforeEach
    void setUp() throws Exception {
        run = dir.resolve("run");
        filesystems = Files.writeString(dir.resolve("filesystems"), "nodev\tproc\n\text4\n");
    }

    private Mounter mounter(RecordingKernel kernel, boolean rw) {
        var modules = new Modules(kernel, Map.of(
                "fat", new Modules.Module("fat", Path.of("/m/fat.ko"), List.of()),
                "vfat", new Modules.Module("vfat", Path.of("/m/vfat.ko"), List.of("fat"))), line -> {});
        return new Mounter(kernel, modules, rw, run, filesystems, line -> {});
    }

    private static ProbedDevice device(String name, String type) {
        var fs = new FsInfo(type, FsInfo.Usage.FILESYSTEM, null, "1234", null, 0, 0, Map.of());
        return new ProbedDevice(new BlockDevice(name, 254, 1, 1 << 20, null, null, false, false, 1, null, 512, null), fs,
                null, null, null);
    }

    @Test
    void mountsReadOnlyWithoutDevicesOrSetuidAndOnlyOnce() {
        var kernel = new RecordingKernel(dir);
        Mounter m = mounter(kernel, false);
        Path target = m.mount(device("vda1", "ext4"));
        assertThat(m.mount(device("vda1", "ext4"))).isEqualTo(target).isEqualTo(run.resolve("dev/vda1"));
        // MS_RDONLY | MS_NOSUID | MS_NODEV
        assertThat(kernel.calls).containsExactly("mount /dev/vda1 " + target + " ext4 0x7 null");
        assertThat(Files.isDirectory(target)).isTrue();
    }

    @Test
    void loadsTheFileSystemsModuleFirstAndUnmountsInnermostFirst() {
        var kernel = new RecordingKernel(dir);
        Mounter m = mounter(kernel, true);
        m.mount(device("vdb1", "vfat"));
        m.mount("/dev/vdb2", "ext4", run.resolve("dev/vdb1/inner"), null);
        m.unmountAll();
        assertThat(kernel.calls).containsExactly("finit_module /m/fat.ko []", "finit_module /m/vfat.ko []",
                "mount /dev/vdb1 " + run.resolve("dev/vdb1") + " vfat 0x6 null",
                "mount /dev/vdb2 " + run.resolve("dev/vdb1/inner") + " ext4 0x6 null",
                "umount " + run.resolve("dev/vdb1/inner") + " 0", "umount " + run.resolve("dev/vdb1") + " 0");
        assertThat(m.mounts()).isEmpty();
    }

    @Test
    void unknownTypesAndKernelRefusalsAreExplained() {
        var kernel = new RecordingKernel(dir);
        assertThatThrownBy(() -> mounter(kernel, false).mount(device("sr0", "iso9660")))
                .hasMessageContaining("cannot mount iso9660")
                .satisfies(e -> assertThat(((StorageException) e).hint()).contains("on-demand-modules = isofs"));
        var refusing = new RecordingKernel(dir).failing("mount", Errno.EINVAL);
        assertThatThrownBy(() -> mounter(refusing, false).mount(device("vda1", "ext4")))
                .hasMessageContaining("cannot mount /dev/vda1 (ext4)").hasMessageContaining("EINVAL");
        var swap = new ProbedDevice(device("vda3", "swap").device(),
                new FsInfo("swap", FsInfo.Usage.OTHER, null, null, null, 0, 0, Map.of()), null, null, null);
        assertThatThrownBy(() -> mounter(kernel, false).mount(swap)).hasMessageContaining("no file system lobos can mount");
    }
}
