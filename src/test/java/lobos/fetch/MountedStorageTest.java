package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lobos.linux.Modules;
import lobos.linux.RecordingKernel;
import lobos.storage.Mounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NFS mounts through a recording kernel: the options the kernel is given. */
class MountedStorageTest {
    @TempDir
    Path dir;

    private RecordingKernel kernel;

    private MountedStorage storage() {
        kernel = new RecordingKernel(dir);
        var nfs = new Modules.Module("nfs", dir.resolve("nfs.ko"), List.of());
        var modules = new Modules(kernel, Map.of("nfs", nfs, "nfsv4", new Modules.Module("nfsv4", dir.resolve("nfsv4.ko"), List.of())),
                line -> {});
        return MountedStorage.running(new Mounter(kernel, modules, false, dir.resolve("run"), line -> {}), List::of);
    }

    private List<String> mounts() {
        return kernel.calls.stream().filter(c -> c.startsWith("mount ")).toList();
    }

    /** A hung server must end a read with an error (a soft mount), not block it for ever where no deadline reaches. */
    @Test
    void nfsIsMountedSoftWithTimeouts() {
        Path file = storage().nfs("127.0.0.1", 2049, "/export/boot/vmlinuz", List.of());
        assertThat(file).isEqualTo(dir.resolve("run/nfs/127.0.0.1/export/boot/vmlinuz"));
        assertThat(mounts()).singleElement().asString()
                .endsWith(" nfs 0x7 soft,timeo=100,retrans=2,vers=4,addr=127.0.0.1,port=2049");
    }

    @Test
    void theUsersOwnTimeoutsWin() {
        storage().nfs("127.0.0.1", 0, "/export", List.of("hard", "timeo=600"));
        assertThat(mounts()).singleElement().asString().endsWith(" nfs 0x7 hard,timeo=600,retrans=2,vers=4,addr=127.0.0.1");
    }
}
