package lobos.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import lobos.config.Volume;
import lobos.config.kboot.KbootConf;
import lobos.fetch.FetchOptions;
import lobos.fetch.Fetcher;
import lobos.fetch.Locator;
import lobos.fetch.Progress;
import lobos.fetch.Storage;
import lobos.image.Synthetic;
import lobos.kexec.Handoff;
import lobos.linux.RecordingKernel;
import lobos.path.DeviceRef;
import lobos.path.Location;
import lobos.storage.StorageException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's menu from kboot.conf and three "disks" (plain directories standing for mounted
 * file systems, each with the device name, UUID and label the probe would have found), and
 * entries of it booted through {@link Booter} against the recording kernel.
 */
class MenuSourcesTest {
    static final String DEBIAN_UUID = "0b4f3f4e-7d6c-4a2b-9d3e-5c1f2a8b9e01";

    @TempDir
    Path dir;

    private Volume debian;
    private Volume fedora;
    private Volume arch;
    private Path image;

    @BeforeEach
    void disks() throws Exception {
        Path d = Files.createDirectories(dir.resolve("debian/boot/grub"));
        Files.writeString(d.resolve("grub.cfg"), """
                set default=0
                set timeout=5
                menuentry 'Debian GNU/Linux' --id debian {
                	search --no-floppy --fs-uuid --set=root %s
                	linux /boot/vmlinuz-6.1 root=UUID=%s ro quiet
                	initrd /boot/initrd.img-6.1
                }
                menuentry 'Debian (recovery)' --id recovery {
                	search --no-floppy --fs-uuid --set=root %s
                	linux /boot/vmlinuz-6.1 root=UUID=%s ro single
                }
                """.formatted(DEBIAN_UUID, DEBIAN_UUID, DEBIAN_UUID, DEBIAN_UUID));
        Files.write(dir.resolve("debian/boot/vmlinuz-6.1"), Synthetic.bzImage());
        Files.writeString(dir.resolve("debian/boot/initrd.img-6.1"), "debian initrd");
        debian = new Volume(dir.resolve("debian"), "vda1", DEBIAN_UUID, "debian");

        Path f = Files.createDirectories(dir.resolve("fedora/loader/entries"));
        Files.writeString(f.resolve("fedora.conf"), """
                title Fedora Linux
                version 6.9.0
                linux /vmlinuz-6.9.0
                initrd /initramfs-6.9.0.img
                options root=LABEL=fedora ro rhgb
                """);
        Files.write(dir.resolve("fedora/vmlinuz-6.9.0"), Synthetic.bzImage());
        Files.writeString(dir.resolve("fedora/initramfs-6.9.0.img"), "fedora initrd");
        fedora = new Volume(dir.resolve("fedora"), "vdb1", "4d2c-11aa", "fedora");

        Path a = Files.createDirectories(dir.resolve("arch/boot/extlinux"));
        Files.writeString(a.resolve("extlinux.conf"), """
                DEFAULT arch
                TIMEOUT 30
                LABEL arch
                  LINUX ../vmlinuz-linux
                  INITRD ../initramfs-linux.img
                  APPEND root=LABEL=arch rw
                """);
        Files.write(dir.resolve("arch/boot/vmlinuz-linux"), Synthetic.bzImage());
        Files.writeString(dir.resolve("arch/boot/initramfs-linux.img"), "arch initrd");
        arch = new Volume(dir.resolve("arch"), "vdc1", null, "arch");

        image = Files.write(dir.resolve("loader-vmlinuz"), Synthetic.bzImage());
    }

    private static MenuSources.Kboot kboot(String text, String file) {
        return new MenuSources.Kboot(KbootConf.parse(text, file), PathContext.NONE, null);
    }

    private LoaderMenu menu(String imageConf) {
        return new MenuSources(List.of(kboot(imageConf, "//etc/kboot.conf")), List.of(debian, fedora, arch), Set.of())
                .assemble();
    }

    private static List<String> titles(Menu menu) {
        return menu.items().stream().map(MenuItem::title).toList();
    }

    @Test
    void kbootEntriesFirstThenASubmenuPerDiscoveredConfigInDiskOrder() {
        LoaderMenu menu = menu("probe=\"//boot/vmlinuz console=ttyS0\"\n");
        assertThat(titles(menu.menu())).containsExactly("probe", "vda1:/boot/grub/grub.cfg",
                "vdb1:/loader/entries", "vdc1:/boot/extlinux/extlinux.conf");
        assertThat(menu.entries()).extracting(BootEntry::id).containsExactly("probe", "vda1:grub:debian",
                "vda1:grub:recovery", "vdb1:bls:fedora", "vdc1:syslinux:arch");
        assertThat(menu.configs()).hasSize(3);
    }

    @Test
    void withoutAKbootDefaultTheFirstDiscoveredConfigsDefaultBootsAfterItsOwnTimeout() {
        LoaderMenu menu = menu("probe=\"//boot/vmlinuz console=ttyS0\"\n");
        assertThat(menu.defaultEntry()).map(BootEntry::id).contains("vda1:grub:debian");
        assertThat(menu.timeout()).isEqualTo(Duration.ofSeconds(5));

        // no kboot.conf at all: the same
        LoaderMenu none = new MenuSources(List.of(kboot("", "//etc/kboot.conf")), List.of(debian), Set.of()).assemble();
        assertThat(none.defaultEntry()).map(BootEntry::id).contains("vda1:grub:debian");
        assertThat(none.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aKbootDefaultDecidesTheTopLevel() {
        LoaderMenu menu = menu("default=probe\ndelay=2\nprobe=\"//boot/vmlinuz console=ttyS0\"\n");
        assertThat(menu.defaultEntry()).map(BootEntry::id).contains("probe");
        assertThat(menu.timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void withNothingDiscoveredTheFirstKbootEntryIsTheDefaultAfterKbootsDelay() {
        LoaderMenu menu = new MenuSources(List.of(kboot("delay=3\na=\"//k\"\nb=\"//k\"\n", "//etc/kboot.conf")),
                List.of(), Set.of()).assemble();
        assertThat(menu.defaultEntry()).map(BootEntry::id).contains("a");
        assertThat(menu.timeout()).isEqualTo(Duration.ofSeconds(3));
        LoaderMenu forever = new MenuSources(List.of(kboot("a=\"//k\"\n", "//etc/kboot.conf")), List.of(), Set.of())
                .assemble();
        assertThat(forever.timeout()).isNull(); // kboot without delay or timeout waits for a person
    }

    @Test
    void laterKbootSourcesReplaceLabelsAndSettingsButNotRestricted() {
        LoaderMenu menu = new MenuSources(List.of(
                kboot("restricted=true\ndelay=9\nlinux=\"//boot/old console=ttyS0\"\nrescue=\"//boot/r\"\n", "//etc/kboot.conf"),
                kboot("restricted=false\ndefault=linux\ndelay=1\nlinux=\"/boot/new quiet\"\n", "/etc/kboot.conf")),
                List.of(), Set.of()).assemble();
        assertThat(menu.entries()).extracting(BootEntry::id).containsExactly("linux", "rescue");
        assertThat(menu.entry("linux")).map(BootEntry::kernel).contains("/boot/new");
        assertThat(menu.defaultEntry()).map(BootEntry::id).contains("linux");
        assertThat(menu.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(menu.restricted()).isTrue();
        assertThat(menu.origin(menu.entry("linux").orElseThrow())).isEqualTo("/etc/kboot.conf:4");
        assertThat(menu.origin(menu.entry("rescue").orElseThrow())).isEqualTo("//etc/kboot.conf:4");
    }

    @Test
    void theBootedSystemsKbootConfIsNotListedTwice() throws Exception {
        Files.createDirectories(dir.resolve("debian/etc"));
        Files.writeString(dir.resolve("debian/etc/kboot.conf"), "mine=\"/boot/vmlinuz-6.1 ro\"\n");
        LoaderMenu listed = new MenuSources(List.of(), List.of(debian), Set.of()).assemble();
        assertThat(listed.entries()).extracting(BootEntry::id).contains("vda1:kboot:mine");
        LoaderMenu skipped = new MenuSources(List.of(kboot("mine=\"/boot/vmlinuz-6.1 ro\"\n", "/etc/kboot.conf")),
                List.of(debian), Set.of("vda1:kboot:")).assemble();
        assertThat(skipped.entries()).extracting(BootEntry::id).doesNotContain("vda1:kboot:mine").contains("mine");
    }

    @Test
    void everyEntrySaysWhereItCameFrom() {
        LoaderMenu menu = menu("probe=\"//boot/vmlinuz console=ttyS0\"\n");
        assertThat(menu.origin(menu.entry("vda1:grub:debian").orElseThrow()))
                .isEqualTo("vda1 LABEL=debian UUID=" + DEBIAN_UUID + " /boot/grub/grub.cfg:3");
        assertThat(menu.origin(menu.entry("vdc1:syslinux:arch").orElseThrow()))
                .startsWith("vdc1 LABEL=arch ").endsWith("extlinux.conf:3");
        assertThat(menu.origin(menu.entry("probe").orElseThrow())).isEqualTo("//etc/kboot.conf:1");
    }

    @Test
    void typedLinesBootIdsLabelsAndKernelPaths() {
        LoaderMenu menu = menu("probe=\"//boot/vmlinuz console=ttyS0\"\n");
        assertThat(menu.command("vdb1:bls:fedora")).map(BootEntry::cmdline).contains("root=LABEL=fedora ro rhgb");
        assertThat(menu.command("vdb1:bls:fedora single")).map(BootEntry::cmdline)
                .contains("root=LABEL=fedora ro rhgb single");
        assertThat(menu.command("probe quiet")).map(BootEntry::cmdline).contains("console=ttyS0 quiet");
        assertThat(menu.command("//boot/other root=/dev/sda1 ro")).map(BootEntry::kernel).contains("//boot/other");
        assertThat(menu.command("   ")).isEmpty();
    }

    @Test
    void restrictedTakesOnlyAnIdAlone() {
        LoaderMenu menu = new MenuSources(List.of(kboot("restricted=true\nprobe=\"//boot/vmlinuz\"\n", "//etc/kboot.conf")),
                List.of(fedora), Set.of()).assemble();
        assertThat(menu.allowed("probe")).isTrue();
        assertThat(menu.allowed("vdb1:bls:fedora")).isTrue();
        assertThat(menu.allowed("probe init=/bin/sh")).isFalse();
        assertThat(menu.allowed("//boot/vmlinuz init=/bin/sh")).isFalse();
    }

    /** Devices are these directories, as if the loader had mounted them there. */
    private Booter booter(RecordingKernel kernel) {
        Map<String, Volume> byName = Map.of("vda1", debian, "vdb1", fedora, "vdc1", arch);
        Storage storage = new Storage() {
            @Override
            public Path booted(Location.Booted path) {
                throw new StorageException("no booted system in this test", null);
            }

            @Override
            public Path device(DeviceRef device) {
                for (Volume v : byName.values()) {
                    boolean match = switch (device) {
                        case DeviceRef.Named n -> n.name().equals(v.device());
                        case DeviceRef.Tagged t -> t.matches(switch (t.tag()) {
                            case UUID -> v.uuid();
                            case LABEL -> v.label();
                            default -> null;
                        });
                    };
                    if (match) return v.root();
                }
                throw new StorageException("no device " + device.text(), null);
            }

            @Override
            public Path nfs(String host, int port, String directory, List<String> options) {
                throw new StorageException("no NFS in this test", null);
            }
        };
        Locator locator = new Locator(storage, new Fetcher(List.of(), FetchOptions.DEFAULTS),
                name -> Files.createTempFile(dir, name, ".download"));
        return new Booter(kernel, locator, new EntryPaths(Set.of(), () -> Set.of("vda1", "vdb1", "vdc1")), line -> {});
    }

    @Test
    void discoveredEntriesBootFromTheirOwnDisks() throws Exception {
        LoaderMenu menu = menu("");
        var kernel = new RecordingKernel(dir);
        Booter booter = booter(kernel);
        for (String id : List.of("vda1:grub:debian", "vdb1:bls:fedora", "vdc1:syslinux:arch")) {
            LoadedKernel loaded = booter.load(menu.entry(id).orElseThrow(), Progress.NONE);
            assertThat(loaded.entry().id()).isEqualTo(id);
        }
        assertThat(kernel.calls).containsExactly(
                "kexec_file_load " + dir.resolve("debian/boot/vmlinuz-6.1") + " " + dir.resolve("debian/boot/initrd.img-6.1")
                        + " [root=UUID=" + DEBIAN_UUID + " ro quiet]",
                "kexec_file_load " + dir.resolve("fedora/vmlinuz-6.9.0") + " " + dir.resolve("fedora/initramfs-6.9.0.img")
                        + " [root=LABEL=fedora ro rhgb]",
                "kexec_file_load " + dir.resolve("arch/boot/vmlinuz-linux") + " " + dir.resolve("arch/boot/initramfs-linux.img")
                        + " [root=LABEL=arch rw]");
    }

    @Test
    void aLoadThatFailsOrIsCancelledLeavesNothingLoaded() throws Exception {
        LoaderMenu menu = menu("");
        var kernel = new RecordingKernel(dir);
        Booter booter = booter(kernel);
        booter.load(menu.entry("vdb1:bls:fedora").orElseThrow(), Progress.NONE);
        Files.delete(dir.resolve("debian/boot/initrd.img-6.1"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> booter.load(menu.entry("vda1:grub:debian").orElseThrow(), Progress.NONE))
                .hasMessageContaining("initrd.img-6.1");
        assertThat(kernel.calls).last().isEqualTo("kexec_unload ");
        assertThat(kernel.kexecLoaded()).isFalse();

        Thread.currentThread().interrupt();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> booter.load(menu.entry("vdc1:syslinux:arch").orElseThrow(), Progress.NONE))
                .isInstanceOf(InterruptedException.class);
        assertThat(kernel.calls).noneMatch(c -> c.contains("vmlinuz-linux"));
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aLoadedKernelIsShownThenStarted() throws Exception {
        var kernel = new RecordingKernel(dir);
        Booter booter = booter(kernel);
        BootEntry entry = new BootEntry("dt", "dt", BootEntry.Kind.LINUX, "//" + image, List.of(), "console=ttyS0",
                "/boot/dtbs/board.dtb", List.of(), false, PathContext.NONE, null, List.of(), null, 0);
        LoadedKernel loaded = booter.load(entry, Progress.NONE);
        assertThat(loaded.plan().description()).startsWith("Linux 6.99.0-synthetic");
        assertThat(loaded.warnings()).contains("devicetree /boot/dtbs/board.dtb ignored: x86 kernels take no device tree");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> booter.execute(loaded, Handoff.INIT))
                .isInstanceOf(RecordingKernel.Rebooted.class);
        assertThat(kernel.calls).last().isEqualTo("reboot KEXEC");
    }
}
