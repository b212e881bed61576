package lobos.config.syslinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import lobos.config.TextLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What menu.c32 (com32/menu/readconfig.c), syslinux's core (ldlinux) and U-Boot's pxe_utils do
 * differently with the same language: whole-line labels and tags, menu modules given several
 * files, whichsys.c32, U-Boot's prompt rule, and the bound on nested menus.
 */
class SyslinuxDialectsTest {
    private static Menu parse(String file, String text, Map<String, String> files) {
        TextLoader loader = path -> Optional.ofNullable(files.get(path));
        return SyslinuxParser.parse(text, file, loader, p -> p, PathContext.NONE);
    }

    private static Menu parse(String text) {
        return parse("/boot/syslinux/syslinux.cfg", text, Map.of());
    }

    @Test
    void labelsAndMenuTagsKeepTheWholeLine() {
        Menu m = parse("""
                UI menu.c32
                LABEL Debian GNU/Linux Live (kernel 6.1)
                  LINUX /live/vmlinuz
                MENU BEGIN Other modes of the live system
                LABEL To RAM
                  LINUX /live/vmlinuz
                  APPEND toram
                MENU END
                """);
        assertThat(m.items()).extracting(MenuItem::title)
                .containsExactly("Debian GNU/Linux Live (kernel 6.1)", "Other modes of the live system");
        assertThat(((Menu) m.items().get(1)).items()).extracting(MenuItem::title).containsExactly("To RAM");
    }

    @Test
    void menuIncludeTagIsTheRestOfTheLine() {
        Menu m = parse("/syslinux.cfg", "UI menu.c32\nMENU INCLUDE more.cfg Tools and tests\n",
                Map.of("/more.cfg", "LABEL memtest\n  LINUX memtest\n"));
        assertThat(m.items()).extracting(MenuItem::title).containsExactly("Tools and tests");
    }

    @Test
    void withoutAMenuTheCoreFindsALabelByItsFirstWord() {
        // ldlinux keeps a label's first word only; DEFAULT names it, the rest are options
        Menu m = parse("DEFAULT live quiet\nLABEL live system\n  LINUX /vmlinuz\n  APPEND boot=live\n");
        assertThat(m.timeout()).isEqualTo(Duration.ZERO);
        BootEntry d = m.defaultEntry();
        assertThat(d.kernel()).isEqualTo("/vmlinuz");
        assertThat(d.cmdline()).isEqualTo("boot=live quiet");
    }

    @Test
    void aMenuModuleReadsEveryFileItIsGivenIntoOneMenu() {
        Menu m = parse("/pxelinux.cfg/default", """
                DEFAULT vesamenu.c32
                LABEL x86_64
                  MENU LABEL x86_64 systems
                  KERNEL vesamenu.c32
                  APPEND pxelinux.cfg/look.conf pxelinux.cfg/x86_64.menu
                """, Map.of("/pxelinux.cfg/look.conf", "MENU TITLE Look\nMENU COLOR title 1;36;44 #ffffffff #00000000\n",
                "/pxelinux.cfg/x86_64.menu", "LABEL arch\n  KERNEL Arch/vmlinuz\n  APPEND initrd=Arch/initrd.img\n"));
        Menu sub = (Menu) m.items().getFirst();
        assertThat(sub.title()).isEqualTo("x86_64 systems");
        BootEntry arch = sub.entries().getFirst();
        // menu.c32 does not change the working directory: names stay relative to the TFTP root
        assertThat(arch.context().directory()).isEqualTo("/");
        assertThat(arch.kernel()).isEqualTo("Arch/vmlinuz");
        assertThat(arch.initrds()).containsExactly("Arch/initrd.img");
    }

    @Test
    void ubootWithoutDefaultOrMenuBootsTheFirstLabelAtOnce() {
        // pxe_utils: PROMPT is ignored; no MENU line -> menu_get_choice() -ENOENT -> boot_unattempted_labels()
        Menu m = parse("/boot/extlinux/extlinux.conf",
                "PROMPT 1\nTIMEOUT 50\nLABEL board\n  KERNEL /boot/zImage\n  FDT /boot/board.dtb\n", Map.of());
        assertThat(m.timeout()).isEqualTo(Duration.ZERO);
        assertThat(m.defaultEntry().title()).isEqualTo("board");
        assertThat(m.defaultEntry().devicetree()).isEqualTo("/boot/board.dtb");
    }

    @Test
    void ubootWithAMenuLineWaitsTheTimeoutInWholeSeconds() {
        Menu m = parse("/boot/extlinux/extlinux.conf",
                "MENU TITLE Boards\nTIMEOUT 25\nLABEL a\n  KERNEL /a\n  FDTDIR /dtbs\n", Map.of());
        assertThat(m.timeout()).isEqualTo(Duration.ofSeconds(3)); // DIV_ROUND_UP(25, 10)
        Menu forever = parse("/boot/extlinux/extlinux.conf",
                "MENU TITLE Boards\nLABEL a\n  KERNEL /a\n  FDTDIR /dtbs\n", Map.of());
        assertThat(forever.timeout()).isNull();
    }

    @Test
    void syslinuxWithoutDefaultWaits() {
        // ldlinux_auto_boot(): "No DEFAULT or UI configuration directive found!" and the boot: prompt
        assertThat(parse("LABEL a\n  KERNEL /a\n").timeout()).isNull();
    }

    @Test
    void whichsysRunsTheCommandForTheVariantAndADefaultConfigBecomesTheMenu() {
        Map<String, String> files = Map.of("/boot/syslinux/sys.cfg", """
                UI vesamenu.c32
                MENU TITLE Installer
                DEFAULT install
                TIMEOUT 150
                LABEL install
                  MENU LABEL Install (BIOS)
                  LINUX /boot/vmlinuz
                """);
        String top = """
                DEFAULT select
                LABEL select
                COM32 whichsys.c32
                APPEND -pxe- pxe -sys- sys -iso- sys
                LABEL pxe
                CONFIG pxe.cfg
                LABEL sys
                CONFIG sys.cfg
                """;
        Menu m = parse("/boot/syslinux/syslinux.cfg", top, files);
        assertThat(m.title()).isEqualTo("Installer");
        assertThat(m.items()).extracting(MenuItem::title).containsExactly("Install (BIOS)");
        assertThat(m.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(m.defaultEntry().title()).isEqualTo("Install (BIOS)");
        assertThat(m.source().file()).isEqualTo("/boot/syslinux/syslinux.cfg");
        // pxelinux takes the -pxe- command: here a config that does not exist
        Menu pxe = parse("/pxelinux.cfg/default", top.replace("pxe.cfg", "/boot/syslinux/sys.cfg")
                .replace("CONFIG sys.cfg", "CONFIG /nowhere.cfg"), files);
        assertThat(pxe.items()).extracting(MenuItem::title).containsExactly("Install (BIOS)");
    }

    @Test
    void whichsysWarnsWhereIsolinuxWouldChooseOtherwise() {
        Menu m = parse("LABEL pick\n COM32 whichsys.c32\n APPEND -iso- chain.c32 hd0 -sys- a\nLABEL a\n LINUX /a\n");
        assertThat(m.items().getFirst()).isInstanceOfSatisfying(BootEntry.class,
                e -> assertThat(e.kernel()).isEqualTo("/a"));
        assertThat(m.warnings()).anyMatch(w -> w.message().contains("if this medium is an ISO"));
    }

    @Test
    void aWhichsysLoopEnds() {
        Menu m = parse("LABEL a\n COM32 whichsys.c32\n APPEND -sys- a\n");
        assertThat(m.entries()).isEmpty();
        assertThat(m.warnings()).anyMatch(w -> w.message().contains("leads back to itself"));
    }

    @Test
    @Timeout(20)
    void menusNestedThousandsDeepAreCutAtTheBound() {
        int depth = 5000;
        StringBuilder text = new StringBuilder("UI menu.c32\n");
        for (int i = 0; i < depth; i++) text.append("MENU BEGIN level ").append(i).append('\n');
        text.append("LABEL deep\n  LINUX /vmlinuz\n");
        for (int i = 0; i < depth; i++) text.append("MENU END\n");
        text.append("LABEL after\n  LINUX /after\n");
        Menu m = parse(text.toString());
        int levels = 0;
        Menu at = m;
        while (!at.items().isEmpty() && at.items().getFirst() instanceof Menu sub) {
            at = sub;
            levels++;
        }
        assertThat(levels).isEqualTo(SyslinuxParser.MAX_MENU_DEPTH);
        assertThat(m.entries()).extracting(BootEntry::kernel).containsExactly("/vmlinuz", "/after");
        assertThat(m.items().getLast()).isInstanceOfSatisfying(BootEntry.class,
                e -> assertThat(e.title()).isEqualTo("after"));
        assertThat(m.warnings()).anyMatch(w -> w.message().contains("nested more than 64 deep"));
    }
}
