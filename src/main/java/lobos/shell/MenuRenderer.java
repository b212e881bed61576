package lobos.shell;

import java.util.ArrayList;
import java.util.List;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.MenuItem;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * Draws a {@link MenuState} as lines of text for a screen of any size from 80x24 up: a title, the
 * message, the items (the selected one marked with {@code >} and shown in reverse video), the
 * selected entry's kernel, command line, origin and warnings, the countdown and the keys. Plain
 * ASCII, so that a serial console and the VGA console show the same.
 */
public final class MenuRenderer {
    /** Lines below the item list: separator, four detail lines, countdown or status, keys. */
    static final int FOOTER = 7;
    static final int MAX_MESSAGE_LINES = 3;

    private final String title;

    /** @param title the first line's text ("lobos 0.2.0 on node7") */
    public MenuRenderer(String title) {
        this.title = title;
    }

    public List<AttributedString> render(MenuState state, int width, int height) {
        List<AttributedString> out = new ArrayList<>();
        String head = title + String.join("", state.breadcrumbs().stream().map(t -> " > " + t).toList());
        out.add(plain(head, width));
        List<String> message = new ArrayList<>();
        if (state.breadcrumbs().isEmpty() && state.top().message() != null) {
            for (String line : state.top().message().strip().split("\n")) {
                if (message.size() < MAX_MESSAGE_LINES) message.add(line.stripTrailing());
            }
        }
        message.forEach(m -> out.add(plain(m, width)));
        out.add(plain("-".repeat(width - 1), width));
        int rows = Math.max(1, height - out.size() - FOOTER);
        List<MenuItem> items = state.visible();
        int first = Math.max(0, Math.min(state.selected() - rows + 1, items.size() - rows));
        first = Math.max(0, Math.min(first, state.selected()));
        BootEntry def = state.current().defaultEntry();
        for (int row = 0; row < rows; row++) {
            int i = first + row;
            if (i >= items.size()) {
                out.add(AttributedString.EMPTY);
                continue;
            }
            boolean sel = i == state.selected();
            String text = (sel ? "> " : "  ") + itemText(items.get(i), def);
            if (row == 0 && first > 0) text = marker(text, " ^", width);
            if (row == rows - 1 && i < items.size() - 1) text = marker(text, " v", width);
            out.add(sel ? new AttributedString(pad(text, width), AttributedStyle.INVERSE) : plain(text, width));
        }
        out.add(plain("-".repeat(width - 1), width));
        for (String d : details(state.selectedItem())) out.add(plain(d, width));
        out.add(plain(statusLine(state), width));
        out.add(plain(keys(state), width));
        return out;
    }

    private static String itemText(MenuItem item, BootEntry def) {
        return switch (item) {
            case Menu m -> (m.title() == null ? "(untitled)" : m.title()) + "  >";
            case BootEntry e -> e.title() + (def != null && e.id().equals(def.id()) ? "  (default)" : "")
                    + (e.warnings().isEmpty() ? "" : "  [!]");
        };
    }

    /** Four lines about the selected item. */
    static List<String> details(MenuItem item) {
        List<String> lines = new ArrayList<>();
        switch (item) {
            case null -> lines.add("  (no entries)");
            case Menu m -> {
                lines.add("  submenu: " + m.entries().size() + " entries" + (m.timeout() == null ? ""
                        : ", timeout " + m.timeout().toSeconds() + " s"));
                lines.add("  from:    " + (m.source() == null ? "?" : m.source()));
                if (!m.allWarnings().isEmpty()) {
                    lines.add("  warning: " + m.allWarnings().getFirst().message() + more(m.allWarnings().size()));
                }
            }
            case BootEntry e -> {
                lines.add("  kernel:  " + e.kernel() + (e.initrds().isEmpty() ? "" : "  initrd: "
                        + String.join(" ", e.initrds())));
                lines.add("  cmdline: " + (e.cmdline() == null ? "" : e.cmdline()));
                lines.add("  from:    " + origin(e));
                if (!e.warnings().isEmpty()) lines.add("  warning: " + e.warnings().getFirst() + more(e.warnings().size()));
                else if (e.help() != null) lines.add("  " + e.help().strip().split("\n")[0]);
            }
        }
        while (lines.size() < 4) lines.add("");
        return lines.subList(0, 4);
    }

    private static String more(int count) {
        return count > 1 ? " (+" + (count - 1) + " more)" : "";
    }

    /**
     * Where an entry came from: its device as the config was read (name, UUID or LABEL) unless
     * the file name already says it, and the config file and line.
     */
    public static String origin(BootEntry e) {
        String file = e.source() == null ? "?" : e.source().toString();
        String device = e.context().device();
        if (device == null || file.startsWith(device) || file.contains(device + ":")) return file;
        return device + " " + file;
    }

    private static String statusLine(MenuState state) {
        if (state.status() != null) return state.status();
        BootEntry e = state.countdownEntry();
        if (e == null) return "";
        long seconds = (state.remaining().toMillis() + 999) / 1000;
        return "Booting \"" + e.title() + "\" in " + seconds + " s. Any key stops the countdown.";
    }

    private static String keys(MenuState state) {
        return state.breadcrumbs().isEmpty()
                ? "Up/Down j/k: move  Enter: boot/open  e: edit  c/Esc: shell"
                : "Up/Down j/k: move  Enter: boot/open  e: edit  c: shell  Esc/Left: back";
    }

    private static String marker(String text, String mark, int width) {
        int room = width - 1 - mark.length();
        String base = text.length() > room ? text.substring(0, room) : text + " ".repeat(room - text.length());
        return base + mark;
    }

    /** Text cut to leave the last column free: writing there makes some terminals wrap. */
    private static AttributedString plain(String text, int width) {
        return new AttributedString(cut(text, width));
    }

    private static String pad(String text, int width) {
        String t = cut(text, width);
        return t + " ".repeat(Math.max(0, width - 1 - t.length()));
    }

    private static String cut(String text, int width) {
        String t = text.replace('\t', ' ');
        return t.length() > width - 1 ? t.substring(0, Math.max(0, width - 1)) : t;
    }
}
