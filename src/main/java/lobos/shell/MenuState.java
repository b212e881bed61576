package lobos.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.MenuItem;

/**
 * The boot menu's logic without a terminal: which submenu is open, which item is selected, the
 * countdown, and what a key does. The screen ({@link MenuRenderer}) draws it; {@link MenuScreen}
 * feeds it keys and time. Hidden entries are bootable by name but not shown.
 *
 * <p>The countdown: the top level's default and timeout (kboot.conf's {@code default},
 * {@code delay}/{@code timeout}, or what the loader made of them); when the top level has
 * neither, the first submenu that has a timeout, with its default, as its own loader would
 * boot it. Any key stops the countdown.
 */
public final class MenuState {
    /** What the user pressed, as the menu understands it (arrows, j/k, Enter, e, c, Esc...). */
    public enum Key { UP, DOWN, PAGE_UP, PAGE_DOWN, HOME, END, ENTER, OPEN, BACK, EDIT, SHELL, ESCAPE, OTHER }

    /** What the session must do after a key or a tick. */
    public sealed interface Action {
        /** Nothing but a redraw. */
        record None() implements Action {}

        /** Boot this entry (chosen, or the countdown ran out). */
        record Boot(BootEntry entry) implements Action {}

        /** Let the user edit this entry, then boot the edit. */
        record Edit(BootEntry entry) implements Action {}

        /** Leave the menu for the boot shell. */
        record Shell() implements Action {}
    }

    private static final Action NONE = new Action.None();

    private Menu top;
    /** The open submenus, outermost first; empty at the top level. */
    private final List<Menu> path = new ArrayList<>();
    private int selected;
    private BootEntry countdownEntry;
    private Duration remaining;
    private String status;

    public MenuState(Menu menu) {
        this.top = menu;
        startCountdown();
        selectDefault();
    }

    // ---- what the screen shows

    public Menu top() {
        return top;
    }

    /** The menu being shown: the top level or the innermost open submenu. */
    public Menu current() {
        return path.isEmpty() ? top : path.getLast();
    }

    /** The titles of the open submenus, outermost first. */
    public List<String> breadcrumbs() {
        return path.stream().map(Menu::title).toList();
    }

    /** The items shown: the current menu's, without hidden entries. */
    public List<MenuItem> visible() {
        return visible(current());
    }

    public int selected() {
        return selected;
    }

    public MenuItem selectedItem() {
        List<MenuItem> items = visible();
        return items.isEmpty() ? null : items.get(selected);
    }

    /** The entry the countdown will boot, or null when no countdown runs. */
    public BootEntry countdownEntry() {
        return remaining == null ? null : countdownEntry;
    }

    /** Time left before the countdown boots, or null when none runs. */
    public Duration remaining() {
        return remaining;
    }

    /** A one-line message to show until the next key (a refusal, a failed boot), or null. */
    public String status() {
        return status;
    }

    public void status(String message) {
        status = message;
    }

    /** No countdown (the user already saw one, and came back from the shell). */
    public void stopCountdown() {
        remaining = null;
    }

    // ---- events

    /** The first action: boots at once when the timeout is zero. */
    public Action start() {
        if (remaining != null && remaining.isZero()) return boot(countdownEntry);
        return NONE;
    }

    /** Time passed; boots the countdown's entry when it runs out. */
    public Action tick(Duration elapsed) {
        if (remaining == null) return NONE;
        remaining = remaining.minus(elapsed);
        if (remaining.isNegative() || remaining.isZero()) return boot(countdownEntry);
        return NONE;
    }

    public Action key(Key key) {
        remaining = null; // any key stops the countdown
        status = null;
        List<MenuItem> items = visible();
        int last = items.size() - 1;
        switch (key) {
            case UP -> selected = Math.max(0, selected - 1);
            case DOWN -> selected = Math.max(0, Math.min(last, selected + 1));
            case PAGE_UP -> selected = Math.max(0, selected - 10);
            case PAGE_DOWN -> selected = Math.max(0, Math.min(last, selected + 10));
            case HOME -> selected = 0;
            case END -> selected = Math.max(0, last);
            case ENTER, OPEN -> {
                MenuItem item = selectedItem();
                if (item instanceof Menu m) {
                    open(m);
                } else if (item instanceof BootEntry e && key == Key.ENTER) {
                    return boot(e);
                }
            }
            case BACK -> close();
            case ESCAPE -> {
                if (path.isEmpty()) return new Action.Shell();
                close();
            }
            case EDIT -> {
                if (selectedItem() instanceof BootEntry e) return new Action.Edit(e);
            }
            case SHELL -> {
                return new Action.Shell();
            }
            case OTHER -> {
                // stops the countdown, nothing more
            }
        }
        return NONE;
    }

    /**
     * The loader's menu changed (a disk came or went): keep the open submenus and the selection
     * where they still exist, and the countdown if its entry is still there.
     */
    public void update(Menu menu) {
        if (menu == top) return;
        MenuItem was = selectedItem();
        List<String> titles = breadcrumbs();
        top = menu;
        path.clear();
        for (String title : titles) {
            Menu next = visible(current()).stream().filter(i -> i instanceof Menu m && title.equals(m.title()))
                    .map(i -> (Menu) i).findFirst().orElse(null);
            if (next == null) break;
            path.add(next);
        }
        selected = 0;
        if (was != null) {
            List<MenuItem> items = visible();
            for (int i = 0; i < items.size(); i++) {
                if (same(items.get(i), was)) selected = i;
            }
        }
        if (countdownEntry != null && remaining != null) {
            BootEntry still = top.entries().stream().filter(e -> e.id().equals(countdownEntry.id())).findFirst()
                    .orElse(null);
            if (still == null) remaining = null;
            else countdownEntry = still;
        }
    }

    // ---- the rules

    private Action boot(BootEntry entry) {
        remaining = null;
        return entry == null ? NONE : new Action.Boot(entry);
    }

    private void open(Menu submenu) {
        path.add(submenu);
        selected = 0;
        BootEntry def = submenu.defaultEntry();
        List<MenuItem> items = visible();
        for (int i = 0; i < items.size(); i++) {
            if (contains(items.get(i), def)) {
                selected = i;
                break;
            }
        }
    }

    private void close() {
        if (path.isEmpty()) return;
        Menu closed = path.removeLast();
        List<MenuItem> items = visible();
        selected = Math.max(0, items.indexOf(closed));
    }

    private void startCountdown() {
        Menu source = top;
        if (top.defaultId() == null && top.timeout() == null) {
            source = top.items().stream().filter(i -> i instanceof Menu m && m.timeout() != null).map(i -> (Menu) i)
                    .findFirst().orElse(null);
        }
        if (source == null || source.timeout() == null) return;
        countdownEntry = source.defaultEntry();
        if (countdownEntry != null) remaining = source.timeout();
    }

    /** Selects the item holding the default entry (the countdown's, else the top level's). */
    private void selectDefault() {
        BootEntry def = countdownEntry != null ? countdownEntry : top.defaultEntry();
        List<MenuItem> items = visible();
        for (int i = 0; i < items.size(); i++) {
            if (contains(items.get(i), def)) {
                selected = i;
                return;
            }
        }
    }

    private static boolean contains(MenuItem item, BootEntry entry) {
        if (entry == null) return false;
        return switch (item) {
            case BootEntry e -> e == entry || e.id().equals(entry.id());
            case Menu m -> m.entries().stream().anyMatch(e -> e == entry || e.id().equals(entry.id()));
        };
    }

    private static boolean same(MenuItem a, MenuItem b) {
        return switch (a) {
            case BootEntry e -> b instanceof BootEntry f && e.id().equals(f.id());
            case Menu m -> b instanceof Menu n && java.util.Objects.equals(m.title(), n.title());
        };
    }

    private static List<MenuItem> visible(Menu menu) {
        return menu.items().stream().filter(i -> !(i instanceof BootEntry e && e.hidden())).toList();
    }

    /**
     * An entry as the user edited it: kernel, initrds (separated by spaces or commas) and command
     * line replaced, everything else (where its paths resolve) kept.
     */
    public static BootEntry edited(BootEntry entry, String kernel, String initrds, String cmdline) {
        List<String> list = new ArrayList<>();
        for (String i : initrds.strip().split("[\\s,]+")) {
            if (!i.isEmpty()) list.add(i);
        }
        String title = entry.title().endsWith(" (edited)") ? entry.title() : entry.title() + " (edited)";
        return new BootEntry(title, entry.id(), entry.kind(), kernel.strip(), list, cmdline.strip(),
                entry.devicetree(), entry.modules(), entry.hidden(), entry.context(), entry.source(), entry.warnings(),
                entry.help(), entry.sysappend());
    }
}
