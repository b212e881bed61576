package lobos.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryTest {
    static Volume fixture(String name, String device) {
        return new Volume(FixturesTest.FIXTURES.resolve(name).resolve("root"), device, null, null);
    }

    @TempDir
    Path broken;
    @TempDir
    Path empty;

    @Test
    void mergesConfigsOfEveryVolumeAndGoesPastBrokenFiles() throws Exception {
        Files.createDirectories(broken.resolve("boot/extlinux"));
        Files.write(broken.resolve("boot/extlinux/extlinux.conf"), new byte[] {0x7f, 'E', 'L', 'F', 0});
        Files.writeString(broken.resolve("boot.ipxe"), "#!ipxe\nkernel vmlinuz\nboot\n");
        Volume bad = new Volume(broken, "sdb1", null, null);
        Discovery.Result r = Discovery.standard().discover(List.of(bad, fixture("syslinux-arch", "sda1"),
                fixture("kboot-slides", "sda2"), Volume.of(empty)));

        assertThat(r.configs()).containsExactly(
                new Discovery.Found("sdb1", "syslinux", "sdb1:/boot/extlinux/extlinux.conf", 0,
                        "sdb1:/boot/extlinux/extlinux.conf: not a text file (NUL byte at offset 4)"),
                new Discovery.Found("sdb1", "ipxe", "sdb1:/boot.ipxe", 1, null),
                new Discovery.Found("sda1", "syslinux", "sda1:/boot/syslinux/syslinux.cfg", 2, null),
                new Discovery.Found("sda2", "kboot", "sda2:/etc/kboot.conf", 1, null));
        Menu m = r.menu();
        assertThat(m.items()).extracting(MenuItem::title).containsExactly("sdb1:/boot.ipxe",
                "Arch Linux (sda1:/boot/syslinux/syslinux.cfg)", "sda2:/etc/kboot.conf");
        assertThat(m.entries()).extracting(BootEntry::id).containsExactly("sdb1:ipxe:vmlinuz",
                "sda1:syslinux:arch", "sda1:syslinux:archfallback", "sda2:kboot:my_kernel");
        // the iPXE script boots its kernel at once, which is a default: it is ranked first
        assertThat(m.defaultId()).isEqualTo("sdb1:ipxe:vmlinuz");
        assertThat(m.timeout()).isEqualTo(Duration.ZERO);
        assertThat(m.warnings()).extracting(Warning::toString).containsExactly(
                "sdb1:/boot/extlinux/extlinux.conf: sdb1:/boot/extlinux/extlinux.conf: not a text file (NUL byte at offset 4)");
        assertThat(r.warnings()).hasSize(4); // and the three of Arch's syslinux.cfg, from its submenu
    }

    @Test
    void entriesGrubImportedFromBlsAreNotListedTwice() {
        // Fedora's /boot partition: grub2/grub.cfg runs blscfg over loader/entries on the same volume.
        Path boot = Path.of("src/test/resources/lobos/config/grub/fedora39/boot");
        Volume vda2 = new Volume(boot, "vda2", "8e5f1c2a-9b3d-4e7f-a6c1-d2e3f4a5b6c7", null);
        Discovery.Result r = Discovery.standard().discover(List.of(vda2));
        assertThat(r.configs()).extracting(Discovery.Found::format, Discovery.Found::entries, Discovery.Found::sameAs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("grub", 3, null),
                        org.assertj.core.groups.Tuple.tuple("bls", 3, "vda2:/grub2/grub.cfg"));
        assertThat(r.menu().items()).hasSize(1);
        assertThat(r.menu().entries()).hasSize(3).allMatch(e -> e.id().startsWith("vda2:grub:"))
                .noneMatch(e -> e.cmdline() != null && e.cmdline().contains("$kernelopts"));
    }

    @Test
    void theFirstConfigWithADefaultGivesDefaultAndTimeout() {
        Discovery.Result r = Discovery.standard().discover(List.of(fixture("kboot-slides", "sda2"),
                fixture("syslinux-arch", "sda1")));
        assertThat(r.menu().defaultId()).isEqualTo("sda2:kboot:my_kernel");
        assertThat(r.menu().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(r.menu().message()).isEqualTo("Welcome to kboot on node 17.\n");
        assertThat(((Menu) r.menu().items().get(1)).defaultId()).isEqualTo("sda1:syslinux:arch");
    }

    @Test
    void aParserBugCostsOnlyItsFile() {
        ConfigFormat buggy = new ConfigFormat() {
            public String name() {
                return "buggy";
            }

            public List<String> locations() {
                return List.of("/etc/kboot.conf");
            }

            public Menu read(Volume volume, String file, List<Volume> others) {
                throw new IndexOutOfBoundsException("oops");
            }
        };
        Discovery.Result r = new Discovery(List.of(buggy, new lobos.config.kboot.KbootFormat()))
                .discover(List.of(fixture("kboot-slides", "sda2")));
        assertThat(r.menu().entries()).hasSize(1);
        assertThat(r.configs().getFirst().error()).contains("IndexOutOfBoundsException: oops");
    }

    @Test
    void noConfigsGiveAnEmptyMenu() {
        Discovery.Result r = Discovery.standard().discover(List.of(Volume.of(empty)));
        assertThat(r.configs()).isEmpty();
        assertThat(r.menu().entries()).isEmpty();
        assertThat(r.menu().defaultEntry()).isNull();
        assertThat(Optional.ofNullable(r.menu().defaultId())).isEmpty();
    }

    @Test
    void aVolumeGivesTheBiosAndTheEfiGrubConfigOnceEach() throws Exception {
        Path iso = broken;
        Files.createDirectories(iso.resolve("boot/grub2"));
        Files.createDirectories(iso.resolve("EFI/BOOT"));
        Files.writeString(iso.resolve("boot/grub2/grub.cfg"), "menuentry 'BIOS install' {\n linux /images/vmlinuz\n}\n");
        Files.writeString(iso.resolve("EFI/BOOT/grub.cfg"), "menuentry 'EFI install' {\n linuxefi /images/vmlinuz\n}\n");
        Discovery.Result r = Discovery.standard().discover(List.of(new Volume(iso, "sr0", null, null)));
        // lobos reads GRUB as EFI: the EFI config comes first
        assertThat(r.configs()).extracting(Discovery.Found::file)
                .containsExactly("sr0:/EFI/BOOT/grub.cfg", "sr0:/boot/grub2/grub.cfg");
        assertThat(r.menu().entries()).extracting(BootEntry::id)
                .containsExactly("sr0:grub:EFI install", "sr0:grub#2:BIOS install");

        // the EFI path a symbolic link to the BIOS config: one file, read once
        Files.delete(iso.resolve("EFI/BOOT/grub.cfg"));
        Files.createSymbolicLink(iso.resolve("EFI/BOOT/grub.cfg"), Path.of("../../boot/grub2/grub.cfg"));
        Discovery.Result once = Discovery.standard().discover(List.of(new Volume(iso, "sr0", null, null)));
        assertThat(once.configs()).extracting(Discovery.Found::file).containsExactly("sr0:/EFI/BOOT/grub.cfg");
    }
}
