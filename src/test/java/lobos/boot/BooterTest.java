package lobos.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import lobos.config.BootEntry;
import lobos.config.PathContext;
import lobos.fetch.FetchOptions;
import lobos.fetch.Fetcher;
import lobos.fetch.Locator;
import lobos.fetch.Progress;
import lobos.fetch.Storage;
import lobos.image.Synthetic;
import lobos.linux.RecordingKernel;
import lobos.path.DeviceRef;
import lobos.path.Location;
import lobos.storage.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Booter} gives the kernel beyond the entry's own words: pxelinux's IPAPPEND/SYSAPPEND. */
class BooterTest {
    @TempDir
    Path dir;

    private Booter booter(RecordingKernel kernel, Booter.NetworkWords network) {
        Storage none = new Storage() {
            @Override
            public Path booted(Location.Booted path) {
                throw new StorageException("no booted system here", null);
            }

            @Override
            public Path device(DeviceRef device) {
                throw new StorageException("no devices here", null);
            }

            @Override
            public Path nfs(String host, int port, String directory, List<String> options) {
                throw new StorageException("no NFS here", null);
            }
        };
        Locator locator = new Locator(none, new Fetcher(List.of(), FetchOptions.DEFAULTS),
                name -> Files.createTempFile(dir, name, ".download"));
        return new Booter(kernel, locator, EntryPaths.plain(), line -> {}, network);
    }

    private BootEntry entry(String cmdline, int sysappend) throws Exception {
        Path kernel = Files.write(dir.resolve("vmlinuz"), Synthetic.bzImage());
        return new BootEntry("pxe", "pxe", BootEntry.Kind.LINUX, "/" + kernel, List.of(), cmdline, null, List.of(), false,
                PathContext.NONE, null, List.of(), null, sysappend);
    }

    @Test
    void ipappendWordsFromTheCurrentLeaseGoAfterTheEntrysCommandLine() throws Exception {
        var kernel = new RecordingKernel(dir);
        List<Integer> asked = new java.util.ArrayList<>();
        Booter booter = booter(kernel, bits -> {
            asked.add(bits);
            return Optional.of(List.of("ip=192.0.2.91:192.0.2.1::255.255.255.0", "BOOTIF=01-52-54-00-12-34-56"));
        });
        LoadedKernel loaded = booter.load(entry("console=ttyS0", 3), Progress.NONE);
        assertThat(loaded.plan().cmdline())
                .isEqualTo("console=ttyS0 ip=192.0.2.91:192.0.2.1::255.255.255.0 BOOTIF=01-52-54-00-12-34-56");
        assertThat(loaded.warnings()).noneMatch(w -> w.contains("IPAPPEND"));
        assertThat(asked).contains(3);
        assertThat(kernel.calls).anyMatch(c -> c.startsWith("kexec_file_load") && c.endsWith(
                "[console=ttyS0 ip=192.0.2.91:192.0.2.1::255.255.255.0 BOOTIF=01-52-54-00-12-34-56]"));
    }

    @Test
    void withoutALeaseTheEntryBootsAsWrittenAndSaysWhatWasLeftOut() throws Exception {
        var kernel = new RecordingKernel(dir);
        LoadedKernel loaded = booter(kernel, Booter.NetworkWords.NONE).load(entry("", 2), Progress.NONE);
        assertThat(loaded.plan().cmdline()).isEmpty();
        assertThat(loaded.warnings()).anyMatch(w -> w.startsWith("IPAPPEND/SYSAPPEND 2 not applied: the loader has no"
                + " network lease"));
    }

    @Test
    void anEntryWithoutSysappendAsksTheNetworkNothing() throws Exception {
        var kernel = new RecordingKernel(dir);
        Booter booter = booter(kernel, bits -> {
            throw new AssertionError("asked for " + bits);
        });
        assertThat(booter.load(entry("quiet", 0), Progress.NONE).plan().cmdline()).isEqualTo("quiet");
    }
}
