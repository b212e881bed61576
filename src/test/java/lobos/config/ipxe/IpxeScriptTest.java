package lobos.config.ipxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import lobos.config.BootEntry;
import lobos.config.ConfigException;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class IpxeScriptTest {
    private static Menu parse(String text, Map<String, String> files, Map<String, String> settings) {
        return IpxeScript.parse(text, "http://192.0.2.1/boot.ipxe", path -> Optional.ofNullable(files.get(path)),
                p -> p, settings, PathContext.NONE);
    }

    private static Menu parse(String text) {
        return parse(text, Map.of(), Map.of());
    }

    @Test
    void theHeaderIsRequired() {
        assertThatThrownBy(() -> parse("kernel vmlinuz\nboot\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("#!ipxe");
        assertThat(parse("#!gpxe\nkernel vmlinuz\nboot\n").entries()).hasSize(1);
    }

    @Test
    @Timeout(10)
    void loopsAreBounded() {
        Menu m = parse("#!ipxe\n:top\necho again\ngoto top\n");
        assertThat(m.entries()).isEmpty();
        assertThat(m.warnings()).anyMatch(w -> w.message().contains("a loop?"));
    }

    @Test
    @Timeout(20)
    void growingSettingsAndImagesAreBounded() {
        Menu m = parse("#!ipxe\nset a x\n:top\nset a ${a}${a}\ninitrd ${a}\ngoto top\n");
        assertThat(m.warnings()).extracting(w -> w.message()).contains(
                "a setting grew longer than 65536 characters; cut", "more than 256 images fetched; initrd fails");
    }

    @Test
    @Timeout(10)
    void menusThatComeBackToThemselvesEnd() {
        Menu m = parse("""
                #!ipxe
                :main
                menu Main
                item a Linux
                item sub Submenu
                choose x && goto ${x}
                :a
                kernel vmlinuz
                boot
                :sub
                menu Sub
                item back Back
                item b Other
                choose y && goto ${y}
                :back
                goto main
                :b
                kernel other
                boot
                """);
        assertThat(m.entries()).extracting(BootEntry::id, BootEntry::kernel).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "vmlinuz"), org.assertj.core.groups.Tuple.tuple("b", "other"));
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void conditionsFollowIpxeRules() {
        Menu m = parse("""
                #!ipxe
                iseq ${platform} efi && set k bzImage.efi || set k bzImage
                isset ${unset-thing} || set extra yes
                prompt --timeout 2000 Press any key && shell ||
                set i 0
                kernel ${k} extra=${extra} nic=${net${i}/mac}
                boot
                """, Map.of(), Map.of("platform", "efi"));
        BootEntry e = m.entries().getFirst();
        assertThat(e.kernel()).isEqualTo("bzImage.efi");
        assertThat(e.cmdline()).isEqualTo("extra=yes nic=${net0/mac}");
        assertThat(m.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("${net0/mac}"));
    }

    @Test
    void aFailureWithoutOrEndsTheScript() {
        Menu m = parse("#!ipxe\niseq a b && goto x\nkernel vmlinuz\nboot\n");
        assertThat(m.entries()).isEmpty();
        assertThat(m.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("boots nothing"));
    }

    @Test
    void chainFollowsScriptsAndBootsImages() {
        Menu m = parse("#!ipxe\nchain next.ipxe\n", Map.of(
                "http://192.0.2.1/next.ipxe", "#!ipxe\nset x 1\nchain kernels/vmlinuz-${x} quiet\n",
                "http://192.0.2.1/kernels/vmlinuz-1", "MZ... not a script"), Map.of());
        BootEntry e = m.entries().getFirst();
        assertThat(e.kernel()).isEqualTo("kernels/vmlinuz-1");
        assertThat(e.kind()).isEqualTo(BootEntry.Kind.LINUX);
        assertThat(e.cmdline()).isEqualTo("quiet");
        assertThat(e.context().baseUrl()).isEqualTo("http://192.0.2.1/next.ipxe");
    }

    @Test
    void chooseDefaultsAndTimeouts() {
        Menu m = parse("""
                #!ipxe
                menu
                item a A
                item --default b B
                choose --timeout 3000 sel && goto ${sel}
                :a
                kernel a
                boot
                :b
                kernel b
                boot
                """);
        assertThat(m.defaultId()).isEqualTo("b");
        assertThat(m.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(m.entries()).extracting(BootEntry::title).containsExactly("A", "B");
    }

    @Test
    void relativeNamesResolveAgainstTheScript() {
        assertThat(IpxeScript.resolve("http://192.0.2.1/a/boot.ipxe", "menu.ipxe")).isEqualTo("http://192.0.2.1/a/menu.ipxe");
        assertThat(IpxeScript.resolve("/tftp/boot.ipxe", "../x.ipxe")).isEqualTo("/x.ipxe");
        assertThat(IpxeScript.resolve("/boot.ipxe", "tftp://192.0.2.1/x")).isEqualTo("tftp://192.0.2.1/x");
        assertThat(IpxeScript.resolve("/boot.ipxe", "${x}/y")).isNull();
    }

    @Test
    void exitEndsOnlyTheChainedScriptAndChainReturnsItsStatus() {
        Map<String, String> files = Map.of("http://192.0.2.1/boot.cfg", "#!ipxe\nset base http://192.0.2.1/os\nexit\n",
                "http://192.0.2.1/fail.cfg", "#!ipxe\nexit 1\n");
        Menu m = parse("#!ipxe\nchain boot.cfg\nkernel ${base}/vmlinuz\nboot\n", files, Map.of());
        assertThat(m.entries()).singleElement().satisfies(e -> assertThat(e.kernel()).isEqualTo("http://192.0.2.1/os/vmlinuz"));
        Menu failed = parse("#!ipxe\nchain fail.cfg || kernel other\nkernel vmlinuz\nboot\n", files, Map.of());
        assertThat(failed.entries()).singleElement().satisfies(e -> assertThat(e.kernel()).isEqualTo("vmlinuz"));
        Menu stops = parse("#!ipxe\nchain fail.cfg\nkernel vmlinuz\nboot\n", files, Map.of());
        assertThat(stops.entries()).isEmpty();
    }

    @Test
    void aMenuItemThatLeavesIpxeIsTheFirmwaresNextDevice() {
        Menu m = parse("""
                #!ipxe
                menu Boot
                item local Boot from local disk
                item linux Linux
                choose sel || goto local
                goto ${sel}
                :local
                exit 1
                :linux
                kernel vmlinuz
                boot
                """);
        assertThat(m.items()).extracting(MenuItem::title).containsExactly("Boot from local disk", "Linux");
        assertThat(m.items().getFirst()).isInstanceOfSatisfying(BootEntry.class, e -> {
            assertThat(e.kind()).isEqualTo(BootEntry.Kind.CHAINLOAD);
            assertThat(e.warnings()).anyMatch(w -> w.contains("next boot device"));
        });
    }

    @Test
    void initrdMagicIsEveryImage() {
        // iPXE's EFI file system offers initrd.magic, all initrds concatenated (efi_file.c)
        Menu m = parse("#!ipxe\nkernel vmlinuz initrd=initrd.magic quiet\ninitrd a.img\ninitrd b.img\nboot\n");
        assertThat(m.entries().getFirst().initrds()).containsExactly("a.img", "b.img");
        assertThat(m.entries().getFirst().warnings()).isEmpty();
    }

    @Test
    void aScriptThatCannotBeReadIsPassedOver() {
        Menu m = parse("#!ipxe\nchain --timeout 5000 https://192.0.2.9/version.ipxe ||\nkernel vmlinuz\nboot\n");
        assertThat(m.entries()).singleElement().satisfies(e -> assertThat(e.kernel()).isEqualTo("vmlinuz"));
        assertThat(m.warnings()).anyMatch(w -> w.message().contains("cannot read here"));
    }
}
