package lobos.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lobos.linux.RecordingKernel;
import lobos.path.Location;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recording kernel mounts nothing, so the test puts each "mounted" file system's files
 * where lobos will mount it, then checks what lobos mounted and which path it returned.
 */
class BootedSystemTest {
    @TempDir
    Path dir;

    private Path run;
    private RecordingKernel kernel;
    private Mounter mounter;
    private final List<ProbedDevice> devices = List.of(
            device("vda1", "vfat", "AAAA-BBBB", "EFI"), device("vda2", "ext4", "1111-root", "root"),
            device("vda3", "ext4", "2222-boot", "boot"), device("vdb1", "ext4", "3333-other", null));

    private static ProbedDevice device(String name, String type, String uuid, String label) {
        var fs = new FsInfo(type, FsInfo.Usage.FILESYSTEM, null, uuid, label, 0, 0, Map.of());
        return new ProbedDevice(new BlockDevice(name, 254, 1, 1 << 20, null, null, false, false, 1, null, 512, null), fs,
                null, null, null);
    }

    @BeforeEach
    void setUp() throws Exception {
        run = dir.resolve("run");
        kernel = new RecordingKernel(dir);
        Path filesystems = Files.writeString(dir.resolve("filesystems"), "\text4\n\tvfat\n");
        mounter = new Mounter(kernel, null, false, run, filesystems, line -> {});
        Files.createDirectories(run.resolve("dev/vdb1/etc"));
        Files.writeString(run.resolve("dev/vdb1/etc/fstab"), "UUID=9999-elsewhere / ext4 defaults 0 1\n");
        Files.createDirectories(run.resolve("dev/vda2/etc"));
        Files.writeString(run.resolve("dev/vda2/etc/fstab"), """
                # <file system> <mount point> <type> <options> <dump> <pass>
                UUID=1111-root  /          ext4  errors=remount-ro 0 1
                LABEL=boot      /boot      ext4  defaults 0 2
                /dev/vda1       /boot/efi  vfat  umask=0077 0 1
                tmpfs           /tmp       tmpfs defaults 0 0
                """);
    }

    @Test
    void findsTheRootWhoseFstabNamesItselfAndMountsWhatAPathNeeds() {
        BootedSystem booted = new BootedSystem(mounter, () -> devices, null);
        Path file = booted.resolve(new Location.Booted("/boot/efi/EFI/debian/grubx64.efi"));
        assertThat(file).isEqualTo(run.resolve("root/boot/efi/EFI/debian/grubx64.efi"));
        assertThat(kernel.calls).containsExactly(
                "mount /dev/vda1 " + run.resolve("dev/vda1") + " vfat 0x7 null", // has no etc/fstab
                "mount /dev/vda2 " + run.resolve("dev/vda2") + " ext4 0x7 null", // names itself as /
                "mount /dev/vda2 " + run.resolve("root") + " ext4 0x7 null",
                "mount /dev/vda3 " + run.resolve("root/boot") + " ext4 0x7 null",
                "mount /dev/vda1 " + run.resolve("root/boot/efi") + " vfat 0x7 null");
    }

    @Test
    void rootFromKbootConfAndPathsOutsideOtherMounts() {
        BootedSystem booted = new BootedSystem(mounter, () -> devices, "/dev/vda2");
        assertThat(booted.resolve(new Location.Booted("/etc/hostname"))).isEqualTo(run.resolve("root/etc/hostname"));
        assertThat(kernel.calls).containsExactly("mount /dev/vda2 " + run.resolve("dev/vda2") + " ext4 0x7 null",
                "mount /dev/vda2 " + run.resolve("root") + " ext4 0x7 null");
    }

    @Test
    void noRootIsAClearError() {
        BootedSystem none = new BootedSystem(mounter, () -> List.of(devices.get(3)), null);
        assertThatThrownBy(() -> none.resolve(new Location.Booted("/boot/vmlinuz")))
                .hasMessageContaining("cannot find the booted system's root file system (looked at vdb1)")
                .satisfies(e -> assertThat(((StorageException) e).hint()).contains("root="));
        BootedSystem wrong = new BootedSystem(mounter, () -> devices, "LABEL=nope");
        assertThatThrownBy(() -> wrong.resolve(new Location.Booted("/x"))).hasMessageContaining("root=LABEL=nope: no such device");
    }
}
