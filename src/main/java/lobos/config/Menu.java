package lobos.config;

import java.time.Duration;
import java.util.List;

/**
 * A menu as a config describes it: the top level of a file, or a nested submenu.
 *
 * @param defaultId the {@link BootEntry#id()} of the entry to boot on Enter or timeout, already
 *                  resolved from the format's own notion (index, title, glob, label...); null if
 *                  the config names none (the first visible entry is then used)
 * @param timeout   how long to wait for input before booting the default: null waits forever,
 *                  {@link Duration#ZERO} boots at once
 * @param message   text to show above the menu (kboot message file, syslinux TEXT, MENU TITLE)
 * @param restricted only predefined entries may be booted (kboot {@code restricted=true})
 * @param warnings  problems found while reading, each with file and line; the menu is still usable
 */
public record Menu(
        String title,
        List<MenuItem> items,
        String defaultId,
        Duration timeout,
        String message,
        boolean restricted,
        Source source,
        List<Warning> warnings)
        implements MenuItem {

    public Menu {
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
    }

    /** Every boot entry in this menu and its submenus, depth first, in menu order. */
    public List<BootEntry> entries() {
        var out = new java.util.ArrayList<BootEntry>();
        for (MenuItem item : items) {
            switch (item) {
                case BootEntry e -> out.add(e);
                case Menu m -> out.addAll(m.entries());
            }
        }
        return out;
    }

    /** This menu's warnings followed by those of its submenus, depth first. */
    public List<Warning> allWarnings() {
        var out = new java.util.ArrayList<>(warnings);
        for (MenuItem item : items) {
            if (item instanceof Menu m) out.addAll(m.allWarnings());
        }
        return out;
    }

    /** The entry {@link #defaultId()} names anywhere in this tree, else the first visible entry, else null. */
    public BootEntry defaultEntry() {
        List<BootEntry> all = entries();
        for (BootEntry e : all) {
            if (e.id() != null && e.id().equals(defaultId)) return e;
        }
        return all.stream().filter(e -> !e.hidden()).findFirst().orElse(null);
    }
}
