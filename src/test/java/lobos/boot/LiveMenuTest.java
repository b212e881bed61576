package lobos.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lobos.config.BootEntry;
import lobos.config.PathContext;
import lobos.config.Volume;
import lobos.config.kboot.KbootConf;
import lobos.storage.BlockDevice;
import lobos.storage.FsInfo;
import lobos.storage.ProbedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that comes while the loader is up joins the menu; one that goes leaves it. */
class LiveMenuTest {
    @TempDir
    Path dir;

    private final List<String> calls = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    private static ProbedDevice device(String name, String type) {
        var block = new BlockDevice(name, 8, 17, 1 << 20, null, null, true, false, 1, "sdb", 512, null);
        var fs = type == null ? null
                : new FsInfo(type, type.equals("swap") ? FsInfo.Usage.OTHER : FsInfo.Usage.FILESYSTEM, null, "AB12-CD34",
                        "STICK", 512, 1 << 20, Map.of());
        return new ProbedDevice(block, fs, null, null, null);
    }

    private LiveMenu live() throws Exception {
        Path stick = Files.createDirectories(dir.resolve("stick/boot/extlinux"));
        Files.writeString(stick.resolve("extlinux.conf"), "DEFAULT live\nLABEL live\n  LINUX ../vmlinuz\n");
        LiveMenu.Mounts mounts = new LiveMenu.Mounts() {
            @Override
            public Volume mount(ProbedDevice d) {
                calls.add("mount " + d.device().name());
                return new Volume(dir.resolve("stick"), d.device().name(), d.fs().uuid(), d.fs().label());
            }

            @Override
            public void release(String device) {
                calls.add("release " + device);
            }
        };
        var kboot = new MenuSources.Kboot(KbootConf.parse("default=own\nown=\"//k\"\n", "//etc/kboot.conf"),
                PathContext.NONE, null);
        return new LiveMenu(new MenuSources(List.of(kboot), List.of(), Set.of()), mounts, log::add);
    }

    @Test
    void aStickThatComesJoinsTheMenuAndLeavesWithIt() throws Exception {
        LiveMenu live = live();
        LoaderMenu before = live.menu();
        assertThat(before.entries()).extracting(BootEntry::id).containsExactly("own");

        LoaderMenu after = live.added(List.of(device("sdb", null), device("sdb1", "vfat"), device("sdb2", "swap")));
        assertThat(after).isNotSameAs(before);
        assertThat(after.entries()).extracting(BootEntry::id).containsExactly("own", "sdb1:syslinux:live");
        assertThat(after.defaultEntry()).map(BootEntry::id).contains("own"); // kboot's default stays
        assertThat(after.origin(after.entry("sdb1:syslinux:live").orElseThrow()))
                .startsWith("sdb1 LABEL=STICK UUID=AB12-CD34 ");
        assertThat(calls).containsExactly("mount sdb1");
        assertThat(log).contains("1 new entry in the menu");

        // the same stick again (its partitions changed): replaced, not listed twice
        live.added(List.of(device("sdb1", "vfat")));
        assertThat(live.menu().entries()).extracting(BootEntry::id).containsExactly("own", "sdb1:syslinux:live");
        assertThat(calls).containsExactly("mount sdb1", "release sdb1", "mount sdb1");

        assertThat(live.removed("sdb1").entries()).extracting(BootEntry::id).containsExactly("own");
        assertThat(calls).last().isEqualTo("release sdb1");
        assertThat(live.removed("sdb9")).isSameAs(live.menu()); // nothing of it in the menu: no change
    }

    @Test
    void entriesOfADiskThatCameLaterAreNotTheMachinesConfiguration() throws Exception {
        // at start: the image's kboot.conf and a disk present then (vda1)
        Path disk = Files.createDirectories(dir.resolve("disk/boot/extlinux"));
        Files.writeString(disk.resolve("extlinux.conf"), "DEFAULT here\nLABEL here\n  LINUX ../vmlinuz\n");
        LiveMenu.Mounts mounts = new LiveMenu.Mounts() {
            @Override
            public Volume mount(ProbedDevice d) {
                return new Volume(dir.resolve("stick"), d.device().name(), d.fs().uuid(), d.fs().label());
            }

            @Override
            public void release(String device) {}
        };
        Path stick = Files.createDirectories(dir.resolve("stick/boot/extlinux"));
        Files.writeString(stick.resolve("extlinux.conf"), "DEFAULT live\nLABEL live\n  LINUX ../vmlinuz\n");
        var kboot = new MenuSources.Kboot(KbootConf.parse("restricted=true\nown=\"//k\"\n", "//etc/kboot.conf"),
                PathContext.NONE, null);
        LiveMenu live = new LiveMenu(new MenuSources(List.of(kboot),
                List.of(new Volume(dir.resolve("disk"), "vda1", null, "disk")), Set.of()), mounts, log::add);
        live.added(List.of(device("sdb1", "vfat")));
        var entries = live.menu().entries();
        assertThat(entries).extracting(BootEntry::id).containsExactly("own", "vda1:syslinux:here", "sdb1:syslinux:live");
        assertThat(entries).extracting(live::trusted).containsExactly(true, true, false);

        // a disk present at start that goes away and comes back is not trusted again
        live.removed("vda1");
        live.added(List.of(device("vda1", "vfat")));
        assertThat(live.menu().entry("vda1:syslinux:live")).hasValueSatisfying(e -> assertThat(live.trusted(e)).isFalse());
        assertThat(live.trusted(live.menu().entry("own").orElseThrow())).isTrue();
    }
}
