package lobos.config;

/**
 * A stable text rendering of every field of a menu, for golden files written by hand: each
 * field on its own line, always present (null as {@code -}), strings in quotes with \n and \"
 * escaped, so that a golden file compares the whole parsed menu.
 */
public final class MenuText {
    private MenuText() {}

    public static String render(Menu menu) {
        StringBuilder out = new StringBuilder();
        menu(menu, out, "");
        return out.toString();
    }

    private static void menu(Menu m, StringBuilder out, String in) {
        out.append(in).append("menu ").append(q(m.title())).append('\n');
        String f = in + "  ";
        field(out, f, "default", q(m.defaultId()));
        field(out, f, "timeout", m.timeout() == null ? "-" : m.timeout().toMillis() + "ms");
        field(out, f, "message", q(m.message()));
        field(out, f, "restricted", String.valueOf(m.restricted()));
        field(out, f, "source", m.source() == null ? "-" : m.source().toString());
        for (Warning w : m.warnings()) field(out, f, "warning", w.toString());
        for (MenuItem item : m.items()) {
            switch (item) {
                case Menu sub -> menu(sub, out, f);
                case BootEntry e -> entry(e, out, f);
            }
        }
    }

    private static void entry(BootEntry e, StringBuilder out, String in) {
        out.append(in).append("entry ").append(q(e.id())).append('\n');
        String f = in + "  ";
        field(out, f, "title", q(e.title()));
        field(out, f, "kind", e.kind().name().toLowerCase());
        field(out, f, "kernel", q(e.kernel()));
        for (String i : e.initrds()) field(out, f, "initrd", q(i));
        field(out, f, "cmdline", q(e.cmdline()));
        field(out, f, "devicetree", q(e.devicetree()));
        for (String m : e.modules()) field(out, f, "module", q(m));
        field(out, f, "hidden", String.valueOf(e.hidden()));
        PathContext c = e.context();
        field(out, f, "context", "device=" + q(c.device()) + " root=" + q(c.root()) + " directory="
                + q(c.directory()) + " baseUrl=" + q(c.baseUrl()));
        field(out, f, "source", e.source() == null ? "-" : e.source().toString());
        for (String w : e.warnings()) field(out, f, "warning", w);
        field(out, f, "help", q(e.help()));
        field(out, f, "sysappend", String.valueOf(e.sysappend()));
    }

    private static void field(StringBuilder out, String in, String name, String value) {
        out.append(in).append(name).append(": ").append(value).append('\n');
    }

    private static String q(String s) {
        if (s == null) return "-";
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
