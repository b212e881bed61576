package lobos.config.syslinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.config.TextLoader;
import org.junit.jupiter.api.Test;

/** Rules of syslinux.cfg(5) and menu.txt, one at a time. */
class SyslinuxParserTest {
    private static Menu parse(String text, Map<String, String> files) {
        TextLoader loader = path -> Optional.ofNullable(files.get(path));
        return SyslinuxParser.parse(text, "/boot/syslinux/syslinux.cfg", loader, p -> p, PathContext.NONE);
    }

    private static Menu parse(String text) {
        return parse(text, Map.of());
    }

    private static BootEntry entry(Menu menu, String id) {
        return menu.entries().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void keywordsAreCaseInsensitiveAndNeedASpaceAfterThem() {
        Menu m = parse("Label a\n  kErNeL vmlinuz\n  aPPend quiet\nlabelx b\n");
        assertThat(entry(m, "a").cmdline()).isEqualTo("quiet");
        assertThat(m.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("LABELX"));
    }

    @Test
    void globalAppendIsInheritedAndAppendDashDropsIt() {
        Menu m = parse("APPEND console=ttyS0\nLABEL a\n KERNEL k\nLABEL b\n KERNEL k\n APPEND -\nLABEL c\n KERNEL k\n APPEND own\n");
        assertThat(entry(m, "a").cmdline()).isEqualTo("console=ttyS0");
        assertThat(entry(m, "b").cmdline()).isEmpty();
        assertThat(entry(m, "c").cmdline()).isEqualTo("own");
    }

    @Test
    void lastInitrdCountsAndInitrdDirectiveComesAfterAppend() {
        Menu m = parse("""
                LABEL a
                 KERNEL k
                 APPEND initrd=one.img quiet initrd=two.img,three.img
                LABEL b
                 KERNEL k
                 APPEND initrd=one.img quiet
                 INITRD ucode.img,main.img
                """);
        assertThat(entry(m, "a").initrds()).containsExactly("two.img", "three.img");
        assertThat(entry(m, "a").cmdline()).isEqualTo("quiet");
        assertThat(entry(m, "b").initrds()).containsExactly("ucode.img", "main.img");
    }

    @Test
    void labelWithoutKernelBootsTheLabelName() {
        // syslinux.cfg(5): "The default for image is the same as label"
        assertThat(entry(parse("LABEL vmlinuz\n APPEND quiet\n"), "vmlinuz").kernel()).isEqualTo("vmlinuz");
    }

    @Test
    void kernelExtensionsDecideTheType() {
        Menu m = parse("""
                LABEL pxe
                 KERNEL gpxelinux.0
                LABEL bs
                 KERNEL dos.bs
                LABEL bin
                 KERNEL boot.bin
                LABEL com
                 KERNEL dos.com
                LABEL img
                 KERNEL floppy.img
                LABEL lin
                 COM32 linux.c32
                 APPEND vmlinuz initrd=a.img quiet
                LABEL explicit
                 LINUX memtest.bin
                """);
        assertThat(entry(m, "pxe").kind()).isEqualTo(BootEntry.Kind.CHAINLOAD);
        assertThat(entry(m, "bs").kind()).isEqualTo(BootEntry.Kind.CHAINLOAD);
        assertThat(entry(m, "bin").kind()).isEqualTo(BootEntry.Kind.CHAINLOAD);
        assertThat(m.entries()).extracting(BootEntry::id).doesNotContain("com", "img");
        assertThat(entry(m, "lin").kernel()).isEqualTo("vmlinuz");
        assertThat(entry(m, "lin").initrds()).containsExactly("a.img");
        assertThat(entry(m, "explicit").kind()).isEqualTo(BootEntry.Kind.LINUX);
    }

    @Test
    void ontimeoutWinsOverDefaultWhichWinsOverMenuDefault() {
        String labels = "LABEL a\n KERNEL a\nLABEL b\n KERNEL b\n MENU DEFAULT\nLABEL c\n KERNEL c\n";
        assertThat(parse("UI menu.c32\n" + labels).defaultId()).isEqualTo("b");
        assertThat(parse("UI menu.c32\nDEFAULT a\n" + labels).defaultId()).isEqualTo("a");
        assertThat(parse("UI menu.c32\nDEFAULT a\nONTIMEOUT c\n" + labels).defaultId()).isEqualTo("c");
    }

    @Test
    void defaultWithOptionsOrAKernelGetsAHiddenEntry() {
        Menu m = parse("DEFAULT a single\nLABEL a\n KERNEL vmlinuz\n APPEND quiet\n");
        BootEntry d = entry(m, "default");
        assertThat(m.defaultId()).isEqualTo("default");
        assertThat(d.hidden()).isTrue();
        assertThat(d.kernel()).isEqualTo("vmlinuz");
        assertThat(d.cmdline()).isEqualTo("quiet single");
        Menu k = parse("APPEND root=/dev/sda1\nDEFAULT bzImage ro\n");
        assertThat(entry(k, "default").kernel()).isEqualTo("bzImage");
        assertThat(entry(k, "default").cmdline()).isEqualTo("root=/dev/sda1 ro");
    }

    @Test
    void timeoutsAreTenthsOfSeconds() {
        String label = "DEFAULT a\nLABEL a\n KERNEL a\n";
        assertThat(parse("TIMEOUT 50\n" + label).timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse("TIMEOUT 50\nTOTALTIMEOUT 20\n" + label).timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(parse("TIMEOUT 0\nTOTALTIMEOUT 9000\n" + label).timeout()).isEqualTo(Duration.ofMinutes(15));
        // PROMPT 0 and no menu: syslinux boots the default at once; a menu or PROMPT 1 waits
        assertThat(parse("PROMPT 0\n" + label).timeout()).isEqualTo(Duration.ZERO);
        assertThat(parse("PROMPT 1\n" + label).timeout()).isNull();
        assertThat(parse("UI vesamenu.c32\n" + label).timeout()).isNull();
    }

    @Test
    void sysappendDefaultsToTheGlobalOneAndReadsHexAndOctal() {
        Menu m = parse("IPAPPEND 1\nLABEL a\n KERNEL a\nLABEL b\n KERNEL b\n SYSAPPEND 0x6\nLABEL c\n KERNEL c\n IPAPPEND 010\n");
        assertThat(m.entries()).extracting(BootEntry::sysappend).containsExactly(1, 6, 8);
    }

    @Test
    void textHelpMenuHideAndHotkeys() {
        Menu m = parse("""
                LABEL a
                  MENU LABEL ^Install ^^ fast
                  MENU HIDE
                  KERNEL k
                  TEXT HELP
                    Installs the system.
                    Second line.
                  ENDTEXT
                """);
        BootEntry a = entry(m, "a");
        assertThat(a.title()).isEqualTo("Install ^ fast");
        assertThat(a.hidden()).isTrue();
        assertThat(a.help()).isEqualTo("Installs the system.\nSecond line.");
    }

    @Test
    void menuIncludeWithTagIsASubmenuAndPathIsSearched() {
        Menu m = parse("PATH /lib/syslinux\nMENU INCLUDE tools.cfg tools\nINCLUDE extra.cfg\n", Map.of(
                "/boot/syslinux/tools.cfg", "MENU TITLE Tools\nLABEL t\n KERNEL t\n",
                "/lib/syslinux/extra.cfg", "LABEL x\n KERNEL x\n"));
        assertThat(m.items()).hasSize(2);
        assertThat(m.items().getFirst()).isInstanceOfSatisfying(Menu.class, sub -> {
            assertThat(sub.title()).isEqualTo("Tools");
            assertThat(sub.entries()).extracting(BootEntry::id).containsExactly("t");
        });
        assertThat(m.entries()).extracting(BootEntry::id).containsExactly("t", "x");
    }

    @Test
    void configLabelOpensAnotherConfigAsASubmenu() {
        Menu m = parse("LABEL more\n MENU LABEL More...\n CONFIG other.cfg\n", Map.of(
                "/boot/syslinux/other.cfg", "LABEL o\n KERNEL ../vmlinuz\n"));
        Menu sub = (Menu) m.items().getFirst();
        assertThat(sub.title()).isEqualTo("More...");
        assertThat(sub.entries()).extracting(BootEntry::id).containsExactly("more>o");
        assertThat(sub.entries().getFirst().context().directory()).isEqualTo("/boot/syslinux");
    }

    @Test
    void includeDepthIsBounded() {
        // a.cfg includes b1.cfg includes b2.cfg ... : no loop, just too deep
        java.util.Map<String, String> files = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) files.put("/boot/syslinux/b" + i + ".cfg", "INCLUDE b" + (i + 1) + ".cfg\n");
        Menu m = parse("INCLUDE b0.cfg\nLABEL a\n KERNEL a\n", files);
        assertThat(m.entries()).hasSize(1);
        assertThat(m.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("nested more than 16"));
    }

    @Test
    void pxelinuxFilesAreRelativeToTheDirectoryAbovePxelinuxCfg() {
        assertThat(SyslinuxParser.workingDirectory("/tftpboot/pxelinux.cfg/01-88-99-aa-bb-cc-dd"))
                .isEqualTo("/tftpboot");
        assertThat(SyslinuxParser.workingDirectory("/pxelinux.cfg/default")).isEqualTo("/");
        assertThat(SyslinuxParser.workingDirectory("/isolinux/isolinux.cfg")).isEqualTo("/isolinux");
    }
}
