package lobos.config.bls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lobos.config.BootEntry;
import lobos.config.ConfigException;
import lobos.config.Volume;
import lobos.config.Warning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parts of the Boot Loader Spec reader, each against the spec's or loader.conf(5)'s words. */
class BlsUnitsTest {
    @TempDir
    Path dir;

    private static BlsEntry entry(String fileName, String text) {
        return BlsEntryParser.parse(fileName, text, "/loader/entries/" + fileName);
    }

    @Test
    void parsesKeysCommentsBlanksAndRepeats() {
        BlsEntry e = entry("x-1.2+3-1.conf", """
                # a comment
                title\tMy OS
                  version   1.2
                linux /k
                initrd /a
                initrd /b
                options one  two
                options three
                devicetree-overlay /o1 /o2
                devicetree-overlay /o3
                grub_arg --unrestricted
                title Again
                mystery value
                """);
        assertThat(e.id()).isEqualTo("x-1.2");
        assertThat(e.triesLeft()).isEqualTo(3);
        assertThat(e.title()).isEqualTo("Again");
        assertThat(e.version()).isEqualTo("1.2");
        assertThat(e.initrds()).containsExactly("/a", "/b");
        assertThat(e.options()).isEqualTo("one  two three");
        assertThat(e.devicetreeOverlays()).containsExactly("/o1", "/o2", "/o3");
        assertThat(e.values("grub_arg")).containsExactly("--unrestricted");
        assertThat(e.warnings()).extracting(Warning::toString).containsExactly(
                "/loader/entries/x-1.2+3-1.conf:12: 'title' given again (line 2): the last value is used",
                "/loader/entries/x-1.2+3-1.conf:13: unknown key 'mystery' ignored");
    }

    @ParameterizedTest
    @CsvSource({"a.conf,a,-1", "a+0.conf,a,0", "a+0-5.conf,a,0", "a+12-1.conf,a,12", "a+x.conf,a+x,-1",
            "a+1-2-3.conf,a+1-2-3,-1", "noconf,noconf,-1"})
    void bootCountingSuffix(String file, String id, int tries) {
        BlsEntry e = entry(file, "linux /k\n");
        assertThat(e.id()).isEqualTo(id);
        assertThat(e.triesLeft()).isEqualTo(tries);
    }

    private static BlsEntry sorted(String file, String sortKey, String machineId, String version) {
        var text = new StringBuilder("linux /k\n");
        if (sortKey != null) text.append("sort-key ").append(sortKey).append('\n');
        if (machineId != null) text.append("machine-id ").append(machineId).append('\n');
        if (version != null) text.append("version ").append(version).append('\n');
        return entry(file, text.toString());
    }

    @Test
    void ordersAsTheSpecSays() {
        var entries = new ArrayList<>(List.of(
                sorted("z-bad+0.conf", "a", "m", "99"),
                sorted("no-key-1.conf", null, "m", "5"),
                sorted("no-key-10.conf", null, "m", "1"),
                sorted("b.conf", "b", "m", "1"),
                sorted("a-old.conf", "a", "m", "1.9"),
                sorted("a-new.conf", "a", "m", "1.10"),
                sorted("a-other-machine.conf", "a", "n", "9"),
                sorted("a-no-machine.conf", "a", null, "1"),
                sorted("empty-key.conf", "", "m", "1")));
        entries.sort(BlsOrder.INSTANCE);
        // sort-key increasing; an absent machine-id first; then version decreasing; entries
        // without sort-key (an empty one counts as absent) after, by file name decreasing;
        // the bad entry last of all
        assertThat(entries).extracting(BlsEntry::fileName).containsExactly("a-no-machine.conf", "a-new.conf",
                "a-old.conf", "a-other-machine.conf", "b.conf", "no-key-10.conf", "no-key-1.conf", "empty-key.conf",
                "z-bad+0.conf");
    }

    @Test
    void strcmpIsOnUtf8Bytes() {
        assertThat(BlsOrder.strcmp("Z", "a")).isNegative();
        assertThat(BlsOrder.strcmp("é", "z")).isPositive(); // 0xC3 > 0x7A
        assertThat(BlsOrder.strcmp(null, "")).isZero();
        assertThat(BlsOrder.strcmp(null, "a")).isNegative();
    }

    @ParameterizedTest
    @CsvSource({"*,anything,true", "fedora-*,fedora-6.5,true", "fedora-*,debian,false", "a?c,abc,true",
            "a?c,ac,false", "[ab]x,bx,true", "[!ab]x,bx,false", "[a-c]*,cat,true", "*.conf,x.conf,true",
            "a\\*,a*,true", "a\\*,ab,false", "[abc,[abc,true", "*a*b*c*,xxaxxbxxcxx,true", "**x,x,true"})
    void globs(String pattern, String text, boolean matches) {
        assertThat(Glob.matches(pattern, text)).isEqualTo(matches);
    }

    @Test
    void globTimeIsBounded() {
        String text = "a".repeat(5000);
        assertThat(Glob.matches("*a*a*a*a*a*a*a*a*b", text)).isFalse();
    }

    @Test
    void loaderConf() {
        LoaderConf c = LoaderConf.parse("""
                # comment
                default\t*Fedora*
                timeout 10
                editor no
                """, "/loader/loader.conf");
        assertThat(c.defaultPattern()).isEqualTo("*Fedora*");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.matches("fedora-6.5")).isTrue(); // ids are compared without case
        assertThat(c.matches("debian")).isFalse();
        assertThat(LoaderConf.parse("timeout menu-hidden\n", "f").timeout()).isEqualTo(Duration.ZERO);
        assertThat(LoaderConf.parse("timeout 0\n", "f").timeout()).isEqualTo(Duration.ZERO);
        assertThat(LoaderConf.parse("timeout menu-force\n", "f").timeout()).isNull();
        // systemd-boot's config_load_defaults() leaves timeout_sec 0 unless loader.conf says otherwise
        assertThat(LoaderConf.parse("default *\n", "f").timeout()).isEqualTo(Duration.ZERO);
        assertThat(LoaderConf.NONE.timeout()).isNull();
        LoaderConf bad = LoaderConf.parse("timeout soon\n", "/loader/loader.conf");
        assertThat(bad.timeout()).isNull();
        assertThat(bad.warnings()).extracting(Warning::toString)
                .containsExactly("/loader/loader.conf:1: timeout 'soon' is not a number of seconds: lobos waits"
                        + " for a choice");
        assertThat(LoaderConf.parse("default a.conf\n", "f").matches("a")).isTrue();
    }

    private Volume esp() throws IOException {
        Files.createDirectories(dir.resolve("loader/entries"));
        Files.writeString(dir.resolve("loader/entries/one.conf"), "title One\nlinux /one\n");
        Files.writeString(dir.resolve("loader/entries/two.conf"), "title Two\nlinux /two\n");
        Files.writeString(dir.resolve("loader/loader.conf"), "default two\n");
        return new Volume(dir, null, "AAAA-BBBB", null);
    }

    @Test
    void readsADirectoryALoaderConfOrOneEntry() throws IOException {
        Volume v = esp();
        var format = new BlsFormat("x64");
        assertThat(format.read(v, "loader/entries", List.of()).defaultId()).isEqualTo("two");
        var viaConf = format.read(v, "/loader/loader.conf", List.of());
        assertThat(viaConf.entries()).extracting(BootEntry::id).containsExactly("two", "one");
        assertThat(viaConf.entries().getFirst().context().device()).isEqualTo("UUID=AAAA-BBBB");
        var single = format.read(v, "loader/entries/one.conf", List.of());
        assertThat(single.entries()).extracting(BootEntry::id).containsExactly("one");
        assertThat(single.warnings()).extracting(Warning::message)
                .containsExactly("default 'two' matches no entry: the first entry is used");
    }

    @Test
    void aMissingDirectoryIsAConfigException() {
        assertThatThrownBy(() -> new BlsFormat("x64").read(Volume.of(dir), "loader/entries", List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no Boot Loader Spec entries");
        assertThatThrownBy(() -> new BlsFormat("x64").read(Volume.of(dir), "../outside", List.of()))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void entriesLinkingOutsideTheVolumeAreNotRead() throws IOException {
        Volume v = esp();
        Path outside = dir.resolveSibling(dir.getFileName() + "-evil.conf");
        Files.writeString(outside, "title Evil\nlinux /e\n");
        try {
            Files.createSymbolicLink(dir.resolve("loader/entries/evil.conf"), outside);
            var menu = new BlsFormat("x64").read(v, "loader/entries", List.of());
            assertThat(menu.entries()).extracting(BootEntry::id).containsExactly("two", "one");
            assertThat(menu.warnings()).extracting(Warning::toString)
                    .containsExactly("/loader/entries/evil.conf: a link to nothing on this volume: not read");
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void efiArchitectureNames() {
        assertThat(Map.of("amd64", "x64", "aarch64", "aa64", "x86", "ia32", "riscv64", "riscv64"))
                .allSatisfy((java, efi) -> assertThat(BlsFormat.efiArchitecture(java)).isEqualTo(efi));
    }
}
