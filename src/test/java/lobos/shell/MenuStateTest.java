package lobos.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import lobos.config.Source;
import lobos.shell.MenuState.Action;
import lobos.shell.MenuState.Key;
import org.junit.jupiter.api.Test;

/** The menu's logic without a terminal: moving, submenus, the countdown, editing. */
class MenuStateTest {
    static BootEntry entry(String id) {
        return BootEntry.linux(id, id, "/boot/vmlinuz-" + id, List.of("/boot/initrd-" + id), "root=/dev/vda1 quiet",
                new PathContext("vda1", null, "/boot/grub", null), new Source("vda1:/boot/grub/grub.cfg", 10));
    }

    static Menu menu(String title, String defaultId, Duration timeout, MenuItem... items) {
        return new Menu(title, List.of(items), defaultId, timeout, null, false, new Source("/etc/kboot.conf", 0), List.of());
    }

    final BootEntry a = entry("a");
    final BootEntry b = entry("b");
    final BootEntry c1 = entry("c1");
    final BootEntry c2 = entry("c2");
    final Menu sub = menu("Advanced", "c2", Duration.ofSeconds(10), c1, c2);

    @Test
    void theCountdownBootsTheDefaultWhenNoKeyIsPressed() {
        MenuState s = new MenuState(menu(null, "b", Duration.ofSeconds(3), a, b, sub));
        assertThat(s.selectedItem()).isEqualTo(b);
        assertThat(s.countdownEntry()).isEqualTo(b);
        assertThat(s.start()).isEqualTo(new Action.None());
        assertThat(s.tick(Duration.ofSeconds(2))).isEqualTo(new Action.None());
        assertThat(s.remaining()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.tick(Duration.ofSeconds(1))).isEqualTo(new Action.Boot(b));
    }

    @Test
    void anyKeyStopsTheCountdown() {
        MenuState s = new MenuState(menu(null, "a", Duration.ofSeconds(3), a, b));
        assertThat(s.key(Key.OTHER)).isEqualTo(new Action.None());
        assertThat(s.remaining()).isNull();
        assertThat(s.countdownEntry()).isNull();
        assertThat(s.tick(Duration.ofMinutes(5))).isEqualTo(new Action.None());
        assertThat(s.selectedItem()).isEqualTo(a);
    }

    @Test
    void aZeroTimeoutBootsAtOnceAndNoTimeoutWaits() {
        assertThat(new MenuState(menu(null, "b", Duration.ZERO, a, b)).start()).isEqualTo(new Action.Boot(b));
        MenuState waits = new MenuState(menu(null, "b", null, a, b));
        assertThat(waits.start()).isEqualTo(new Action.None());
        assertThat(waits.tick(Duration.ofHours(1))).isEqualTo(new Action.None());
        assertThat(waits.selectedItem()).isEqualTo(b);
    }

    @Test
    void arrowsMoveWithinBoundsAndEnterBoots() {
        Menu quiet = menu("Advanced", "c2", null, c1, c2); // no timeout: nothing counts down
        MenuState s = new MenuState(menu(null, null, null, a, b, quiet));
        assertThat(s.selected()).isZero();
        s.key(Key.UP);
        assertThat(s.selected()).isZero();
        s.key(Key.DOWN);
        s.key(Key.DOWN);
        s.key(Key.DOWN);
        assertThat(s.selectedItem()).isEqualTo(quiet);
        s.key(Key.UP);
        assertThat(s.key(Key.ENTER)).isEqualTo(new Action.Boot(b));
    }

    @Test
    void submenusOpenOnTheirDefaultAndCloseBackToTheirItem() {
        MenuState s = new MenuState(menu(null, "a", null, a, b, sub));
        s.key(Key.END);
        assertThat(s.key(Key.ENTER)).isEqualTo(new Action.None());
        assertThat(s.current()).isEqualTo(sub);
        assertThat(s.breadcrumbs()).containsExactly("Advanced");
        assertThat(s.selectedItem()).isEqualTo(c2);
        s.key(Key.UP);
        assertThat(s.key(Key.ENTER)).isEqualTo(new Action.Boot(c1));
        assertThat(s.key(Key.ESCAPE)).isEqualTo(new Action.None()); // Esc in a submenu closes it
        assertThat(s.current().title()).isNull();
        assertThat(s.selectedItem()).isEqualTo(sub);
        s.key(Key.OPEN);
        s.key(Key.BACK);
        assertThat(s.selectedItem()).isEqualTo(sub);
        assertThat(s.key(Key.ESCAPE)).isEqualTo(new Action.Shell()); // at the top it opens the shell
        assertThat(s.key(Key.SHELL)).isEqualTo(new Action.Shell());
    }

    @Test
    void withoutATopLevelDefaultTheFirstConfigWithATimeoutCountsDown() {
        // a machine with only GRUB on its disk boots as GRUB would
        MenuState s = new MenuState(menu(null, null, null, sub, a));
        assertThat(s.countdownEntry()).isEqualTo(c2);
        assertThat(s.selectedItem()).isEqualTo(sub);
        assertThat(s.tick(Duration.ofSeconds(10))).isEqualTo(new Action.Boot(c2));
    }

    @Test
    void hiddenEntriesAreNotShown() {
        BootEntry hidden = new BootEntry("h", "h", BootEntry.Kind.LINUX, "/k", List.of(), "", null, List.of(), true,
                PathContext.NONE, new Source("x", 1), List.of());
        MenuState s = new MenuState(menu(null, null, null, hidden, a));
        assertThat(s.visible()).containsExactly(a);
    }

    @Test
    void editingReturnsTheEntryAndTheEditKeepsWhereItsPathsResolve() {
        MenuState s = new MenuState(menu(null, "a", Duration.ofSeconds(5), a, b));
        assertThat(s.key(Key.EDIT)).isEqualTo(new Action.Edit(a));
        BootEntry e = MenuState.edited(a, " /boot/vmlinuz-x ", "/boot/ucode.img, /boot/initrd-x", "root=/dev/vda2 single ");
        assertThat(e.kernel()).isEqualTo("/boot/vmlinuz-x");
        assertThat(e.initrds()).containsExactly("/boot/ucode.img", "/boot/initrd-x");
        assertThat(e.cmdline()).isEqualTo("root=/dev/vda2 single");
        assertThat(e.context()).isEqualTo(a.context());
        assertThat(e.title()).isEqualTo("a (edited)");
    }

    @Test
    void aChangedMenuKeepsTheSelectionAndDropsACountdownWhoseEntryWent() {
        MenuState s = new MenuState(menu(null, "b", Duration.ofSeconds(5), a, b, sub));
        BootEntry usb = entry("usb");
        s.update(menu(null, "b", Duration.ofSeconds(5), usb, a, b, sub));
        assertThat(s.selectedItem()).isEqualTo(b);
        assertThat(s.countdownEntry()).isEqualTo(b);
        s.update(menu(null, null, Duration.ofSeconds(5), usb, a));
        assertThat(s.countdownEntry()).isNull();
        assertThat(s.selectedItem()).isEqualTo(usb);
    }

    @Test
    void aSubmenuThatStaysStaysOpen() {
        MenuState s = new MenuState(menu(null, null, null, a, sub));
        s.key(Key.DOWN);
        s.key(Key.ENTER);
        BootEntry c3 = entry("c3");
        s.update(menu(null, null, null, a, menu("Advanced", "c2", null, c1, c2, c3)));
        assertThat(s.breadcrumbs()).containsExactly("Advanced");
        assertThat(s.visible()).hasSize(3);
        assertThat(s.selectedItem()).isEqualTo(c2);
    }
}
