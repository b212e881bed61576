package lobos.config.syslinux;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import lobos.config.ConfigException;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.config.Source;
import lobos.config.TextLoader;
import lobos.config.Warning;

/**
 * Reads a syslinux/extlinux/isolinux/pxelinux config (syslinux.cfg(5), menu.txt) into a
 * {@link Menu}. Keywords are case-insensitive and must be followed by white space or the end of
 * the line, as in syslinux. Directives that only change what the screen looks like are accepted
 * silently; unknown ones become warnings with file and line. A LABEL clause runs until the next
 * LABEL, MENU BEGIN/END or MENU SEPARATOR, across INCLUDEd files, as in syslinux.
 */
public final class SyslinuxParser {
    /** syslinux.cfg(5): "Files can currently be nested up to 16 levels deep". */
    static final int MAX_DEPTH = 16;
    /** Bounds the work a config with many includes (or CONFIG hops) can cause. */
    static final int MAX_FILES = 256;

    /** Directives that only affect the display or the boot: prompt, which lobos does not have. */
    private static final Set<String> IGNORED = Set.of("serial", "console", "font", "kbdmap", "display", "say",
            "noescape", "nocomplete", "nohalt", "implicit", "onerror", "pxeretry", "sendcookies", "f1", "f2",
            "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f0");
    private static final Set<String> IGNORED_MENU = Set.of("hidden", "hiddenkey", "hiddenrow", "clear",
            "shiftkey", "immediate", "save", "nosave", "indent", "start", "background", "resolution", "color",
            "colour", "msgcolor", "msgcolour", "autoboot", "tabmsg", "notabmsg", "passprompt", "width", "margin",
            "rows", "vshift", "hshift", "timeoutrow", "helpmsgrow", "helpmsgendrow", "cmdlinerow", "endrow",
            "passwordrow", "tabmsgrow", "passwordmargin", "master", "disabled");
    /** The kernel-like directives; KERNEL guesses the type from the file name's extension. */
    static final Set<String> KERNEL_TYPES = Set.of("kernel", "linux", "boot", "bss", "pxe", "fdimage",
            "comboot", "com32", "config", "localboot");

    private final TextLoader loader;
    private final UnaryOperator<String> where;
    private final PathContext base;
    private final Shared shared;
    private final List<Warning> warnings = new ArrayList<>();
    private final Deque<String> including = new ArrayDeque<>();

    private String cwd;
    private final List<String> path = new ArrayList<>();
    private Node node;
    private Label label;
    final Globals globals = new Globals();

    /** Limits shared by a config and everything it includes or CONFIGs to. */
    static final class Shared {
        int files;
        final Deque<String> configs = new ArrayDeque<>();
    }

    /** The settings outside any LABEL; {@code null} where the config says nothing. */
    static final class Globals {
        String defaultCommand;
        String ui;
        String onTimeout;
        Integer timeout;
        Integer totalTimeout;
        Integer prompt;
        boolean allowOptions = true;
        String append;
        int sysappend;
        Source defaultSource;
        Source onTimeoutSource;
    }

    /** A MENU BEGIN ... MENU END block, or the whole file. */
    static final class Node {
        final String tag;
        final Source source;
        final Node parent;
        final List<Object> items = new ArrayList<>();
        String label;
        String title;
        Label menuDefault;
        boolean defaultInParent;

        Node(String tag, Source source, Node parent) {
            this.tag = tag;
            this.source = source;
            this.parent = parent;
        }
    }

    /** One LABEL clause as written. */
    static final class Label {
        final String name;
        final Source source;
        final String cwd;
        String menuLabel;
        String type = "kernel";
        String kernel;
        String append;
        String initrd;
        int sysappend;
        String devicetree;
        String help;
        boolean hidden;
        boolean disabled;
        boolean navigation;
        final List<String> warnings = new ArrayList<>();

        Label(String name, Source source, String cwd, int sysappend) {
            this.name = name;
            this.source = source;
            this.cwd = cwd;
            this.kernel = name; // syslinux: "The default for image is the same as label"
            this.sysappend = sysappend;
        }
    }

    private SyslinuxParser(TextLoader loader, UnaryOperator<String> where, PathContext base, Shared shared,
            String cwd) {
        this.loader = loader;
        this.where = where;
        this.base = base == null ? PathContext.NONE : base;
        this.shared = shared;
        this.cwd = cwd;
    }

    /**
     * Parses a config.
     *
     * @param text   the config's text
     * @param file   its path from the volume's (or TFTP server's) root, e.g.
     *               {@code /boot/syslinux/syslinux.cfg} or {@code /pxelinux.cfg/default}; relative
     *               names resolve against its directory (for pxelinux, the directory above pxelinux.cfg)
     * @param loader reads INCLUDEd and CONFIG files by path
     * @param where  turns a path into the name warnings and sources show
     * @param base   device and base URL of the entries' {@link PathContext}
     */
    public static Menu parse(String text, String file, TextLoader loader, UnaryOperator<String> where,
            PathContext base) {
        String abs = Paths.normalize("/", file);
        Shared shared = new Shared();
        shared.files = 1;
        shared.configs.push(abs);
        return new SyslinuxParser(loader, where, base, shared, workingDirectory(abs)).run(text, abs, null);
    }

    /** syslinux's working directory is the config's; pxelinux's is the one above pxelinux.cfg/. */
    static String workingDirectory(String file) {
        String dir = Paths.parent(file);
        if (dir.equals("/pxelinux.cfg") || dir.endsWith("/pxelinux.cfg")) dir = Paths.parent(dir);
        return dir;
    }

    private Menu run(String text, String file, String idPrefix) {
        node = new Node(null, new Source(where.apply(file), 0), null);
        including.push(file);
        lines(text, file);
        including.pop();
        closeLabel();
        while (node.parent != null) {
            warn(node.source, "MENU BEGIN without MENU END");
            node = node.parent;
        }
        return new MenuBuilder(this, idPrefix).build(node);
    }

    /** A submenu read from another config (a CONFIG label, or a menu module given a config file). */
    Optional<Menu> config(String file, String dir, String idPrefix, Source from) {
        String abs = Paths.normalize(cwd, file);
        if (shared.configs.contains(abs)) {
            warn(from, "CONFIG " + file + " loops back to a config already being read; not followed");
            return Optional.empty();
        }
        if (shared.configs.size() >= MAX_DEPTH || shared.files >= MAX_FILES) {
            warn(from, "CONFIG " + file + ": too many nested configs; not followed");
            return Optional.empty();
        }
        Optional<String> text = load(abs, from, "CONFIG");
        if (text.isEmpty()) return Optional.empty();
        shared.files++;
        shared.configs.push(abs);
        String newCwd = dir == null || dir.isBlank() ? Paths.parent(abs) : Paths.normalize(cwd, dir.strip());
        SyslinuxParser sub = new SyslinuxParser(loader, where, base, shared, newCwd);
        Menu menu = sub.run(text.get(), abs, idPrefix);
        shared.configs.pop();
        return Optional.of(menu);
    }

    private Optional<String> load(String abs, Source from, String what) {
        try {
            Optional<String> text = loader.load(abs);
            if (text.isEmpty()) warn(from, what + " " + abs + ": not found");
            return text;
        } catch (ConfigException e) {
            warn(from, what + " " + abs + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private void lines(String text, String file) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Source at = new Source(where.apply(file), i + 1);
            String line = strip(lines[i]);
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] kw = keyword(line);
            if (kw[0].equals("text")) {
                i = text(lines, i, kw[1], at);
            } else if (kw[0].equals("menu")) {
                menu(keyword(kw[1]), at, file);
            } else {
                directive(kw[0], kw[1], at);
            }
        }
    }

    /** TEXT HELP ... ENDTEXT: the lines in between are the current label's help. */
    private int text(String[] lines, int i, String rest, Source at) {
        boolean help = keyword(rest)[0].equals("help");
        if (!help) warn(at, "TEXT " + rest + ": only TEXT HELP is known; text skipped");
        StringBuilder out = new StringBuilder();
        int j = i + 1;
        for (; j < lines.length; j++) {
            String line = strip(lines[j]);
            if (keyword(line)[0].equals("endtext")) break;
            if (!out.isEmpty()) out.append('\n');
            out.append(line);
        }
        if (j == lines.length) warn(at, "TEXT without ENDTEXT");
        if (help && label != null) label.help = out.toString().strip();
        return j;
    }

    private void directive(String kw, String arg, Source at) {
        switch (kw) {
            case "include" -> include(arg, at, null);
            case "label" -> {
                closeLabel();
                String name = firstWord(arg);
                if (name.isEmpty()) {
                    warn(at, "LABEL without a name; ignored");
                    return;
                }
                label = new Label(name, at, cwd, globals.sysappend);
                node.items.add(label);
            }
            case "append" -> {
                if (label != null) label.append = arg;
                else globals.append = arg;
            }
            case "initrd" -> {
                if (label != null) label.initrd = arg;
                else warn(at, "INITRD outside a LABEL is ignored (syslinux ignores it too)");
            }
            case "ipappend", "sysappend" -> {
                int bits = number(arg, at, kw.toUpperCase(Locale.ROOT), true);
                if (label != null) label.sysappend = bits;
                else globals.sysappend = bits;
            }
            case "fdt", "devicetree" -> {
                if (label != null) label.devicetree = arg;
                else warn(at, kw.toUpperCase(Locale.ROOT) + " outside a LABEL is ignored");
            }
            case "fdtdir", "devicetreedir", "fdtoverlays", "kaslrseed" -> {
                // U-Boot extensions: the device tree is chosen by the board; kexec keeps the running one
                if (kw.equals("fdtoverlays") && label != null) label.warnings.add("FDTOVERLAYS not applied by lobos");
            }
            case "default" -> {
                globals.defaultCommand = arg;
                globals.defaultSource = at;
            }
            case "ui" -> globals.ui = arg;
            case "ontimeout" -> {
                globals.onTimeout = arg;
                globals.onTimeoutSource = at;
            }
            case "timeout" -> globals.timeout = number(arg, at, "TIMEOUT", false);
            case "totaltimeout" -> globals.totalTimeout = number(arg, at, "TOTALTIMEOUT", false);
            case "prompt" -> globals.prompt = number(arg, at, "PROMPT", false);
            case "allowoptions" -> globals.allowOptions = number(arg, at, "ALLOWOPTIONS", false) != 0;
            case "path" -> {
                for (String dir : arg.split("[ :]+")) {
                    if (!dir.isEmpty()) path.add(Paths.normalize(cwd, dir));
                }
            }
            default -> {
                if (KERNEL_TYPES.contains(kw)) {
                    if (label == null) {
                        warn(at, kw.toUpperCase(Locale.ROOT) + " outside a LABEL is ignored");
                    } else {
                        label.type = kw;
                        label.kernel = arg;
                    }
                } else if (!IGNORED.contains(kw)) {
                    warn(at, "unknown keyword " + kw.toUpperCase(Locale.ROOT) + "; line ignored");
                }
            }
        }
    }

    private void menu(String[] kw, Source at, String file) {
        String arg = kw[1];
        switch (kw[0]) {
            case "label" -> {
                if (label != null) label.menuLabel = arg;
                else if (node.parent != null) node.label = arg;
            }
            case "title" -> node.title = arg;
            case "default" -> {
                if (label != null) node.menuDefault = label;
                else if (node.parent != null) node.defaultInParent = true;
            }
            case "hide" -> {
                if (label != null) label.hidden = true;
            }
            case "disable" -> {
                if (label != null) label.disabled = true;
            }
            case "separator" -> closeLabel();
            case "passwd" -> {
                if (label != null) label.warnings.add("MENU PASSWD is not enforced by lobos");
            }
            case "exit", "goto", "quit" -> {
                if (label != null) label.navigation = true;
            }
            case "begin" -> {
                closeLabel();
                Node sub = new Node(firstWord(arg), at, node);
                node.items.add(sub);
                node = sub;
            }
            case "end" -> {
                closeLabel();
                if (node.parent == null) warn(at, "MENU END without MENU BEGIN; ignored");
                else node = node.parent;
            }
            case "include" -> {
                String[] parts = keyword(arg);
                include(firstWord(arg), at, parts[1].isEmpty() ? null : firstWord(parts[1]));
            }
            default -> {
                if (!IGNORED_MENU.contains(kw[0])) {
                    warn(at, "unknown keyword MENU " + kw[0].toUpperCase(Locale.ROOT) + "; line ignored");
                }
            }
        }
    }

    /** INCLUDE file, MENU INCLUDE file [tag]: relative to the working directory, then to PATH. */
    private void include(String name, Source at, String tag) {
        name = firstWord(name);
        if (name.isEmpty()) {
            warn(at, "INCLUDE without a file name");
            return;
        }
        List<String> candidates = new ArrayList<>();
        candidates.add(Paths.normalize(cwd, name));
        if (!name.startsWith("/")) {
            for (String dir : path) candidates.add(Paths.normalize(dir, name));
        }
        for (String file : candidates) {
            if (including.contains(file)) {
                List<String> chain = new ArrayList<>(including.reversed());
                chain.add(file);
                warn(at, "INCLUDE loop: " + String.join(" -> ", chain) + "; not followed");
                return;
            }
        }
        if (including.size() >= MAX_DEPTH) {
            warn(at, "INCLUDE " + name + ": nested more than " + MAX_DEPTH + " deep; not followed");
            return;
        }
        if (shared.files >= MAX_FILES) {
            warn(at, "INCLUDE " + name + ": more than " + MAX_FILES + " files read; not followed");
            return;
        }
        for (String file : candidates) {
            Optional<String> text;
            try {
                text = loader.load(file);
            } catch (ConfigException e) {
                warn(at, "INCLUDE " + name + ": " + e.getMessage());
                return;
            }
            if (text.isEmpty()) continue;
            shared.files++;
            Node sub = null;
            if (tag != null) {
                // MENU INCLUDE file tag: as if bracketed by MENU BEGIN tag ... MENU END
                closeLabel();
                sub = new Node(tag, at, node);
                node.items.add(sub);
                node = sub;
            }
            including.push(file);
            lines(text.get(), file);
            including.pop();
            if (sub != null) {
                closeLabel();
                while (node != sub && node.parent != null) {
                    warn(node.source, "MENU BEGIN without MENU END in " + file);
                    node = node.parent;
                }
                if (node == sub) node = sub.parent;
            }
            return;
        }
        warn(at, "INCLUDE " + name + ": not found (looked for " + String.join(", ", candidates) + ")");
    }

    private void closeLabel() {
        label = null;
    }

    private int number(String arg, Source at, String what, boolean cNumber) {
        String s = firstWord(arg);
        try {
            if (cNumber) {
                // syslinux reads IPAPPEND/SYSAPPEND with strtoul(..., 0): 0x hex, leading 0 octal
                if (s.startsWith("0x") || s.startsWith("0X")) return Integer.parseUnsignedInt(s.substring(2), 16);
                if (s.length() > 1 && s.startsWith("0")) return Integer.parseUnsignedInt(s.substring(1), 8);
            }
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            warn(at, what + " " + arg + ": not a number; taken as 0");
            return 0;
        }
    }

    void warn(Source at, String message) {
        warnings.add(new Warning(at, message));
    }

    List<Warning> warnings() {
        return warnings;
    }

    String cwd() {
        return cwd;
    }

    PathContext base() {
        return base;
    }

    /** Tenths of seconds (syslinux TIMEOUT units) as a Duration; 0 and below mean none. */
    static Duration tenths(Integer n) {
        return n == null || n <= 0 ? null : Duration.ofMillis(n * 100L);
    }

    /** Syslinux strips nothing but the line end; lobos also drops the CR of DOS files and outer blanks. */
    private static String strip(String line) {
        return line.strip();
    }

    /** Splits a line into its lower-cased first word and the rest (stripped). */
    static String[] keyword(String line) {
        String s = line.strip();
        int end = 0;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end))) end++;
        return new String[] {s.substring(0, end).toLowerCase(Locale.ROOT), s.substring(end).strip()};
    }

    static String firstWord(String s) {
        String t = s.strip();
        int end = 0;
        while (end < t.length() && !Character.isWhitespace(t.charAt(end))) end++;
        return t.substring(0, end);
    }
}
