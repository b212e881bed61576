package lobos.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A menu as plain text lines, every detail of every entry: what {@code lobos list} and
 * {@code lobos netboot} print, and the boot shell's {@code netboot}.
 */
public final class MenuLines {
    private MenuLines() {}

    /** The items of {@code menu}, submenus indented under their titles; {@code *} marks the default. */
    public static List<String> items(Menu menu) {
        List<String> out = new ArrayList<>();
        for (MenuItem item : menu.items()) item(item, menu, out, "");
        return out;
    }

    private static void item(MenuItem item, Menu top, List<String> out, String indent) {
        switch (item) {
            case Menu m -> {
                out.add("");
                out.add(indent + m.title() + (m.timeout() != null ? "  [timeout " + timeout(m.timeout()) + "]" : ""));
                for (MenuItem i : m.items()) item(i, top, out, indent + "  ");
            }
            case BootEntry e -> {
                String mark = top.defaultEntry() == e ? "* " : "  ";
                out.add(indent + mark + e.id() + "  " + e.title() + "  [" + e.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + (e.hidden() ? ", hidden" : "") + "]");
                String pad = indent + "      ";
                out.add(pad + "kernel:  " + e.kernel());
                for (String i : e.initrds()) out.add(pad + "initrd:  " + i);
                for (String m : e.modules()) out.add(pad + "module:  " + m);
                if (e.devicetree() != null) out.add(pad + "fdt:     " + e.devicetree());
                out.add(pad + "cmdline: " + e.cmdline());
                if (e.sysappend() != 0) out.add(pad + "sysappend: " + e.sysappend());
                out.add(pad + "source:  " + e.source());
                for (String w : e.warnings()) out.add(pad + "warning: " + w);
            }
        }
    }

    /** A timeout as a person reads it: none waits, 0 boots at once. */
    public static String timeout(Duration d) {
        if (d == null) return "none (waits for a choice)";
        if (d.isZero()) return "0 s (boots the default at once)";
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
