package lobos.config;

import java.util.List;

/**
 * A stable, complete text rendering of a {@link Menu} for golden-file tests: every field of
 * every menu and entry, one per line, nested by indentation; null is "-", an empty string
 * "(empty)".
 */
public final class MenuSnapshot {
    private MenuSnapshot() {}

    public static String render(Menu menu) {
        var out = new StringBuilder();
        menu(menu, "", out);
        return out.toString();
    }

    private static void menu(Menu m, String indent, StringBuilder out) {
        line(out, indent, "menu", m.title());
        String in = indent + "  ";
        line(out, in, "default", m.defaultId());
        line(out, in, "timeout", m.timeout() == null ? null : m.timeout().toString());
        line(out, in, "message", m.message());
        line(out, in, "restricted", Boolean.toString(m.restricted()));
        line(out, in, "source", m.source() == null ? null : m.source().toString());
        for (MenuItem item : m.items()) {
            switch (item) {
                case Menu sub -> menu(sub, in, out);
                case BootEntry e -> entry(e, in, out);
            }
        }
        list(out, in, "warnings", "warning", m.warnings().stream().map(Warning::toString).toList());
    }

    private static void entry(BootEntry e, String indent, StringBuilder out) {
        line(out, indent, "entry", e.title());
        String in = indent + "  ";
        line(out, in, "id", e.id());
        line(out, in, "kind", e.kind() == null ? null : e.kind().name());
        line(out, in, "kernel", e.kernel());
        list(out, in, "initrds", "initrd", e.initrds());
        line(out, in, "cmdline", e.cmdline());
        line(out, in, "devicetree", e.devicetree());
        list(out, in, "modules", "module", e.modules());
        line(out, in, "hidden", Boolean.toString(e.hidden()));
        PathContext c = e.context();
        out.append(in).append("context: device=").append(show(c.device())).append(" root=").append(show(c.root()))
                .append(" directory=").append(show(c.directory())).append(" baseUrl=").append(show(c.baseUrl()))
                .append('\n');
        line(out, in, "source", e.source() == null ? null : e.source().toString());
        list(out, in, "warnings", "warning", e.warnings());
    }

    private static void list(StringBuilder out, String indent, String plural, String singular, List<String> values) {
        if (values.isEmpty()) {
            line(out, indent, plural, null);
            return;
        }
        for (String v : values) line(out, indent, singular, v);
    }

    private static void line(StringBuilder out, String indent, String key, String value) {
        out.append(indent).append(key).append(": ").append(show(value)).append('\n');
    }

    private static String show(String s) {
        return s == null ? "-" : s.isEmpty() ? "(empty)" : s;
    }
}
