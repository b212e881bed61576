package lobos.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import lobos.config.Source;
import lobos.config.kboot.KbootConf;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** The menu as a person sees and drives it: 80x24 screens written by hand, keys typed on a virtual terminal. */
class MenuScreenTest {
    static final String KBOOT = """
            default=linux
            delay=5
            linux="//boot/vmlinuz initrd=//boot/initrd.img console=ttyS0"
            rescue="//boot/vmlinuz single"
            """;

    static final BootEntry DEBIAN = new BootEntry("Debian GNU/Linux", "debian", BootEntry.Kind.LINUX,
            "/boot/vmlinuz-6.1.0-13-amd64", List.of("/boot/initrd.img-6.1.0-13-amd64"),
            "root=UUID=0b6f ro quiet", null, List.of(), false,
            new PathContext("UUID=0b6f", null, "/boot/grub", null), new Source("vda1:/boot/grub/grub.cfg", 98),
            List.of("search --hint-bios=hd0,msdos1: (hd0,msdos1) may not be vda1"));
    static final BootEntry DEBIAN_RECOVERY = BootEntry.linux("Debian GNU/Linux (recovery mode)", "debian-recovery",
            "/boot/vmlinuz-6.1.0-13-amd64", List.of("/boot/initrd.img-6.1.0-13-amd64"), "root=UUID=0b6f ro single",
            new PathContext("UUID=0b6f", null, "/boot/grub", null), new Source("vda1:/boot/grub/grub.cfg", 120));

    static Menu menu() {
        KbootConf conf = KbootConf.parse(KBOOT, "/etc/kboot.conf");
        Menu top = conf.toMenu(PathContext.NONE, null);
        Menu grub = new Menu("Debian GNU/Linux (vda1)", List.of(DEBIAN, DEBIAN_RECOVERY), "debian", Duration.ofSeconds(5),
                null, false, new Source("vda1:/boot/grub/grub.cfg", 0), List.of());
        List<MenuItem> items = new java.util.ArrayList<>(top.items());
        items.add(grub);
        return new Menu(null, items, top.defaultId(), top.timeout(), null, false, top.source(), top.warnings());
    }

    static final String DASHES = "-".repeat(79);

    /** The menu as it first appears: the default selected, the countdown running. */
    static final String FIRST_SCREEN = """
            lobos 0.1.0
            %1$s
            > linux  (default)
              rescue
              Debian GNU/Linux (vda1)  >












            %1$s
              kernel:  //boot/vmlinuz  initrd: //boot/initrd.img
              cmdline: console=ttyS0
              from:    /etc/kboot.conf:3

            Booting "linux" in 5 s. Any key stops the countdown.
            Up/Down j/k: move  Enter: boot/open  e: edit  c/Esc: shell
            """.formatted(DASHES);

    /** After Down, Down, Enter: the GRUB submenu, on its default, with its warning. */
    static final String SUBMENU_SCREEN = """
            lobos 0.1.0 > Debian GNU/Linux (vda1)
            %1$s
            > Debian GNU/Linux  (default)  [!]
              Debian GNU/Linux (recovery mode)













            %1$s
              kernel:  /boot/vmlinuz-6.1.0-13-amd64  initrd: /boot/initrd.img-6.1.0-13-amd6
              cmdline: root=UUID=0b6f ro quiet
              from:    UUID=0b6f vda1:/boot/grub/grub.cfg:98
              warning: search --hint-bios=hd0,msdos1: (hd0,msdos1) may not be vda1

            Up/Down j/k: move  Enter: boot/open  e: edit  c: shell  Esc/Left: back
            """.formatted(DASHES);

    @Test
    void theRendererDrawsTheFirstScreen() {
        MenuState state = new MenuState(menu());
        List<AttributedString> lines = new MenuRenderer("lobos 0.1.0").render(state, 80, 24);
        assertThat(lines).hasSize(24);
        StringBuilder s = new StringBuilder();
        for (AttributedString l : lines) s.append(l.toString().stripTrailing()).append('\n');
        assertThat(s.toString().replaceAll("\n+$", "\n")).isEqualTo(FIRST_SCREEN.replaceAll("\n+$", "\n"));
    }

    @Test
    void aLargerScreenGetsALongerListAndWholeLines() {
        MenuState state = new MenuState(menu());
        state.key(MenuState.Key.END);
        state.key(MenuState.Key.ENTER);
        List<AttributedString> lines = new MenuRenderer("lobos 0.1.0").render(state, 132, 43);
        assertThat(lines).hasSize(43);
        // 43 rows: title, rule, 34 items, rule, 4 details, status, keys
        assertThat(lines.get(2).toString()).startsWith("> Debian GNU/Linux  (default)  [!]");
        assertThat(lines.get(36).toString()).isEqualTo("-".repeat(131));
        assertThat(lines.get(37).toString())
                .isEqualTo("  kernel:  /boot/vmlinuz-6.1.0-13-amd64  initrd: /boot/initrd.img-6.1.0-13-amd64");
    }

    @Test
    void aTerminalShowsTheMenuAndTheArrowsOpenTheSubmenu() throws Exception {
        FakeLoader loader = new FakeLoader(menu(), KbootConf.parse(KBOOT, "/etc/kboot.conf"));
        try (VirtualConsole console = new VirtualConsole(loader, "xterm", 80, 24, Session.Place.CONSOLE)) {
            console.awaitScreen(s -> s.contains("Booting \"linux\" in"));
            console.type("j"); // stops the countdown and moves
            String stopped = console.awaitScreen(s -> s.contains("> rescue"));
            assertThat(stopped).doesNotContain("Booting");
            console.type("\033[B\r"); // Down arrow, Enter: opens the submenu
            String sub = console.awaitScreen(s -> s.contains("recovery mode"));
            assertThat(sub).isEqualTo(SUBMENU_SCREEN.replaceAll("\n+$", "\n"));
            console.type("\033[D"); // Left: back
            console.awaitScreen(s -> s.contains("> Debian GNU/Linux (vda1)  >"));
            console.type("k\r"); // up to rescue, Enter boots it
            console.awaitOutput(o -> !loader.executed.isEmpty());
            assertThat(loader.loaded).extracting(BootEntry::id).containsExactly("rescue");
            assertThat(loader.loaded.getFirst().cmdline()).isEqualTo("single");
            // the failed start is reported on the menu's status line
            console.awaitScreen(s -> s.contains("cannot start rescue: kexec is not done in tests"));
        }
    }

    @Test
    void theCountdownBootsTheDefaultWithNoKeyPressed() throws Exception {
        FakeLoader loader = new FakeLoader("default=linux\ndelay=0.3\nlinux=//boot/vmlinuz\n");
        try (VirtualConsole console = new VirtualConsole(loader, "xterm", 80, 24, Session.Place.CONSOLE)) {
            console.awaitOutput(o -> !loader.executed.isEmpty());
            assertThat(loader.loaded).extracting(BootEntry::id).containsExactly("linux");
        }
    }

    @Test
    void anEditReachesTheBootCall() throws Exception {
        FakeLoader loader = new FakeLoader(menu(), KbootConf.parse(KBOOT, "/etc/kboot.conf"));
        try (VirtualConsole console = new VirtualConsole(loader, "xterm", 80, 24, Session.Place.CONSOLE)) {
            console.awaitScreen(s -> s.contains("> linux"));
            console.type("e");
            console.awaitScreen(s -> s.contains("kernel:  //boot/vmlinuz"));
            console.type("\r"); // kernel kept
            console.awaitScreen(s -> s.contains("initrds: //boot/initrd.img"));
            console.type("\r"); // initrds kept
            console.awaitScreen(s -> s.contains("cmdline: console=ttyS0"));
            console.type(" init=/bin/sh\r");
            console.awaitOutput(o -> !loader.loaded.isEmpty());
            BootEntry booted = loader.loaded.getFirst();
            assertThat(booted.kernel()).isEqualTo("//boot/vmlinuz");
            assertThat(booted.initrds()).containsExactly("//boot/initrd.img");
            assertThat(booted.cmdline()).isEqualTo("console=ttyS0 init=/bin/sh");
            assertThat(booted.title()).isEqualTo("linux (edited)");
        }
    }

    @Test
    void cOpensTheShellAndMenuComesBack() throws Exception {
        FakeLoader loader = new FakeLoader(menu(), KbootConf.parse(KBOOT, "/etc/kboot.conf"));
        try (VirtualConsole console = new VirtualConsole(loader, "xterm", 80, 24, Session.Place.CONSOLE)) {
            console.awaitScreen(s -> s.contains("> linux"));
            console.type("c");
            console.awaitScreen(s -> s.contains("lobos://>"));
            console.type("menu\r");
            console.awaitScreen(s -> s.contains("> linux") && s.contains("c/Esc: shell"));
            console.type("\033");
            console.awaitScreen(s -> s.contains("lobos://>"));
        }
    }

    @Test
    void aDumbTerminalGetsANumberedListAndTheCountdown() throws Exception {
        FakeLoader loader = new FakeLoader(menu(), KbootConf.parse(KBOOT, "/etc/kboot.conf"));
        try (VirtualConsole console = new VirtualConsole(loader, "dumb", 80, 24, Session.Place.CONSOLE)) {
            String out = console.awaitOutput(o -> o.contains("type anything to stop"));
            assertThat(out).contains("""
                      1) linux (default)  [/etc/kboot.conf:3]
                      2) rescue  [/etc/kboot.conf:4]
                      Debian GNU/Linux (vda1):
                        3) Debian GNU/Linux  [UUID=0b6f vda1:/boot/grub/grub.cfg:98]
                             warning: search --hint-bios=hd0,msdos1: (hd0,msdos1) may not be vda1
                        4) Debian GNU/Linux (recovery mode)  [UUID=0b6f vda1:/boot/grub/grub.cfg:120]
                    Booting "linux" in 5 s; type anything to stop.
                    """.replace("\n", System.lineSeparator()).replace("\n", "\r\n").replace("\r\r\n", "\r\n"));
            console.type("4\n");
            console.awaitOutput(o -> !loader.loaded.isEmpty());
            assertThat(loader.loaded).extracting(BootEntry::id).containsExactly("debian-recovery");
        }
    }

    @Test
    void restrictedModeRefusesTheShellAndEditingOnTheConsole() throws Exception {
        String conf = "restricted=true\n" + KBOOT;
        FakeLoader loader = new FakeLoader(conf);
        try (VirtualConsole console = new VirtualConsole(loader, "xterm", 80, 24, Session.Place.CONSOLE)) {
            console.awaitScreen(s -> s.contains("> linux"));
            console.type("c");
            console.awaitScreen(s -> s.contains("lobos: restricted: the shell is not allowed (kboot.conf sets no password=)"));
            console.awaitScreen(s -> s.contains("> linux") && s.contains("c/Esc: shell"));
            console.type("e");
            console.awaitScreen(s -> s.contains("lobos: restricted: editing is not allowed (kboot.conf sets no password=)"));
            console.type("\033");
            console.awaitScreen(s -> s.contains("lobos: restricted: the shell is not allowed"));
            console.type("\r"); // a label from the config still boots
            console.awaitOutput(o -> !loader.loaded.isEmpty());
            assertThat(loader.loaded).extracting(BootEntry::id).containsExactly("linux");
            assertThat(loader.loaded.getFirst().cmdline()).isEqualTo("console=ttyS0");
        }
    }

    @Test
    void restrictedModeOnADumbTerminalBootsOnlyLabels() throws Exception {
        FakeLoader loader = new FakeLoader("restricted=true\n" + KBOOT);
        try (VirtualConsole console = new VirtualConsole(loader, "dumb", 80, 24, Session.Place.CONSOLE)) {
            console.awaitOutput(o -> o.contains("type anything to stop"));
            console.type("ls //\n");
            console.awaitOutput(o -> o.contains("lobos: restricted: ls is not allowed"));
            console.type("shell\n");
            console.awaitOutput(o -> o.contains("lobos: restricted: the shell is not allowed"));
            console.type("2\n");
            console.awaitOutput(o -> !loader.loaded.isEmpty());
            assertThat(loader.loaded).extracting(BootEntry::id).containsExactly("rescue");
        }
    }

    @Test
    void restrictedModeAsksThePasswordForAnEntryOfADiskThatCameLater() throws Exception {
        String hash = ShaCrypt.crypt("secret", 6, 5000, "saltsalt");
        FakeLoader loader = new FakeLoader(menu(), KbootConf.parse("restricted=true\npassword='" + hash + "'\n" + KBOOT,
                "/etc/kboot.conf"));
        loader.untrusted.add("debian");
        try (VirtualConsole console = new VirtualConsole(loader, "xterm", 80, 24, Session.Place.CONSOLE)) {
            console.awaitScreen(s -> s.contains("> linux"));
            console.type("jj\r"); // into the disk's submenu, its default
            console.awaitScreen(s -> s.contains("> Debian GNU/Linux  (default)"));
            console.type("\r");
            console.awaitScreen(s -> s.contains("Password:"));
            console.type("wrong\r");
            console.awaitScreen(s -> s.contains("lobos: wrong password"));
            assertThat(loader.loaded).isEmpty();
            console.type("\r");
            console.awaitScreen(s -> s.contains("Password:"));
            console.type("secret\r");
            console.awaitOutput(o -> !loader.loaded.isEmpty());
            assertThat(loader.loaded).extracting(BootEntry::id).containsExactly("debian");
        }
    }

    @Test
    void aRemoteSessionDoesNotCountDown() throws Exception {
        FakeLoader loader = new FakeLoader(KBOOT);
        try (VirtualConsole console = new VirtualConsole(loader, "xterm", 80, 24, Session.Place.REMOTE)) {
            // the first screen would show the countdown's line under the entry's details
            console.awaitScreen(s -> s.contains("> linux  (default)") && s.contains("c/Esc: shell"));
            assertThat(console.screen()).doesNotContain("Booting");
            assertThat(loader.loaded).isEmpty();
        }
    }
}
