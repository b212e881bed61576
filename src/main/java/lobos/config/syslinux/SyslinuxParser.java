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
    /**
     * Menus inside menus (MENU BEGIN, CONFIG and menu-module submenus together). syslinux has no
     * bound; lobos stops here so that a hostile config cannot exhaust the stack of whoever walks
     * the menu tree.
     */
    static final int MAX_MENU_DEPTH = 64;
    /** Lines per file. */
    static final int MAX_LINES = 100_000;
    /** Longest line; longer ones are cut, with a warning (syslinux itself reads 4 KiB at a time). */
    static final int MAX_LINE = 64 * 1024;
    /** Labels in a config and everything it includes. */
    static final int MAX_LABELS = 10_000;
    /** U-Boot's pxe_utils keywords: a config that uses one is read by U-Boot, not syslinux. */
    private static final Set<String> UBOOT_ONLY = Set.of("fdt", "devicetree", "fdtdir", "devicetreedir",
            "fdtoverlays", "kaslrseed");

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
    /** MENU BEGINs past the depth bound whose MENU END is still to come. */
    private int skippedBegins;
    private final List<String> path = new ArrayList<>();
    private Node node;
    private Label label;
    final Globals globals = new Globals();

    /** Limits shared by a config and everything it includes or CONFIGs to. */
    static final class Shared {
        int files;
        int labels;
        /** Menus open around the one being read, across CONFIG hops. */
        int menuDepth;
        final Deque<String> configs = new ArrayDeque<>();
        /** The syslinux variant that would read the top config ("iso", "pxe" or "sys"), for whichsys.c32. */
        String variant;
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
        /** A U-Boot-only keyword was seen: U-Boot's pxe_utils reads this config (see MenuBuilder). */
        boolean uboot;
        /** A MENU line outside any LABEL: U-Boot then shows its menu and waits (its "prompt"). */
        boolean menuOutsideLabel;
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
        shared.variant = variant(abs);
        return new SyslinuxParser(loader, where, base, shared, workingDirectory(abs)).run(text, abs, null);
    }

    /**
     * Which syslinux reads a config at {@code file}: pxelinux for pxelinux.cfg/, isolinux for an
     * isolinux.cfg, else syslinux/extlinux. A syslinux.cfg on an ISO is read by isolinux too;
     * whichsys.c32 warns where that would change its choice.
     */
    static String variant(String file) {
        if (workingDirectory(file).equals(Paths.parent(file))) {
            return file.toLowerCase(Locale.ROOT).endsWith("/isolinux.cfg") ? "iso" : "sys";
        }
        return "pxe";
    }

    /** syslinux's working directory is the config's; pxelinux's is the one above pxelinux.cfg/. */
    static String workingDirectory(String file) {
        String dir = Paths.parent(file);
        if (dir.equals("/pxelinux.cfg") || dir.endsWith("/pxelinux.cfg")) dir = Paths.parent(dir);
        return dir;
    }

    private Menu run(String text, String file, String idPrefix) {
        return run(List.of(text), List.of(file), idPrefix);
    }

    /** Reads {@code files} one after the other into one menu, as menu.c32 reads the files it is given. */
    private Menu run(List<String> texts, List<String> files, String idPrefix) {
        node = new Node(null, new Source(where.apply(files.getFirst()), 0), null);
        for (int i = 0; i < files.size(); i++) {
            including.push(files.get(i));
            lines(texts.get(i), files.get(i));
            including.pop();
        }
        closeLabel();
        while (node.parent != null) {
            warn(node.source, "MENU BEGIN without MENU END");
            shared.menuDepth--;
            node = node.parent;
        }
        skippedBegins = 0;
        return new MenuBuilder(this, idPrefix).build(node);
    }

    /** A submenu read from another config (a CONFIG label). */
    Optional<Menu> config(String file, String dir, String idPrefix, Source from) {
        return configs(List.of(file), dir, idPrefix, from, "CONFIG");
    }

    /**
     * A submenu read from other configs: a CONFIG label (one file), or menu.c32/vesamenu.c32
     * given config files, which it reads one after the other into one menu (readconfig.c
     * parse_configs()).
     */
    Optional<Menu> configs(List<String> names, String dir, String idPrefix, Source from, String what) {
        List<String> files = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (String name : names) {
            String abs = Paths.normalize(cwd, name);
            if (shared.configs.contains(abs)) {
                warn(from, what + " " + name + " loops back to a config already being read; not followed");
                continue;
            }
            if (shared.configs.size() >= MAX_DEPTH || shared.files >= MAX_FILES) {
                warn(from, what + " " + name + ": too many nested configs; not followed");
                continue;
            }
            Optional<String> text = load(abs, from, what);
            if (text.isEmpty()) continue;
            shared.files++;
            files.add(abs);
            texts.add(text.get());
        }
        if (files.isEmpty()) return Optional.empty();
        if (shared.menuDepth >= MAX_MENU_DEPTH) {
            warn(from, what + " " + String.join(" ", names) + ": menus nested more than " + MAX_MENU_DEPTH
                    + " deep; not followed");
            return Optional.empty();
        }
        shared.menuDepth++;
        shared.configs.push(files.getFirst());
        String newCwd = dir == null || dir.isBlank() ? Paths.parent(files.getFirst())
                : Paths.normalize(cwd, dir.strip());
        SyslinuxParser sub = new SyslinuxParser(loader, where, base, shared, newCwd);
        Menu menu = sub.run(texts, files, idPrefix);
        shared.configs.pop();
        shared.menuDepth--;
        return Optional.of(menu);
    }

    String variant() {
        return shared.variant;
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
        if (lines.length > MAX_LINES) {
            warn(new Source(where.apply(file), MAX_LINES + 1), "more than " + MAX_LINES + " lines; the rest is ignored");
        }
        for (int i = 0; i < Math.min(lines.length, MAX_LINES); i++) {
            Source at = new Source(where.apply(file), i + 1);
            if (lines[i].length() > MAX_LINE) {
                warn(at, "line longer than " + MAX_LINE + " characters; the rest is ignored");
                lines[i] = lines[i].substring(0, MAX_LINE);
            }
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
                // the rest of the line, blanks included: what menu.c32 shows and U-Boot compares
                // (readconfig.c "ld.label = refstrdup(p)"; pxe_utils parse_sliteral)
                String name = arg.strip();
                if (name.isEmpty()) {
                    warn(at, "LABEL without a name; ignored");
                    return;
                }
                if (++shared.labels > MAX_LABELS) {
                    if (shared.labels == MAX_LABELS + 1) warn(at, "more than " + MAX_LABELS + " labels; the rest are ignored");
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
                globals.uboot = true;
                if (label != null) label.devicetree = arg;
                else warn(at, kw.toUpperCase(Locale.ROOT) + " outside a LABEL is ignored");
            }
            case "fdtdir", "devicetreedir", "fdtoverlays", "kaslrseed" -> {
                globals.uboot = true;
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
        if (label == null) globals.menuOutsideLabel = true;
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
                // the tag is the rest of the line (readconfig.c begin_submenu(skipspace(p + 5)))
                begin(arg, at);
            }
            case "end" -> {
                closeLabel();
                end(at);
            }
            case "include" -> {
                String name = firstWord(arg);
                String tag = arg.strip().substring(name.length()).strip();
                include(name, at, tag.isEmpty() ? null : tag);
            }
            default -> {
                if (!IGNORED_MENU.contains(kw[0])) {
                    warn(at, "unknown keyword MENU " + kw[0].toUpperCase(Locale.ROOT) + "; line ignored");
                }
            }
        }
    }

    /** Opens a submenu, unless menus are already nested {@link #MAX_MENU_DEPTH} deep. */
    private boolean begin(String tag, Source at) {
        if (skippedBegins > 0 || shared.menuDepth >= MAX_MENU_DEPTH) {
            if (skippedBegins++ == 0) {
                warn(at, "MENU BEGIN nested more than " + MAX_MENU_DEPTH + " deep; its labels stay in the menu around it");
            }
            return false;
        }
        Node sub = new Node(tag.isBlank() ? null : tag.strip(), at, node);
        node.items.add(sub);
        node = sub;
        shared.menuDepth++;
        return true;
    }

    private void end(Source at) {
        if (skippedBegins > 0) {
            skippedBegins--;
        } else if (node.parent == null) {
            warn(at, "MENU END without MENU BEGIN; ignored");
        } else {
            node = node.parent;
            shared.menuDepth--;
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
            Node outer = node;
            boolean opened = false;
            if (tag != null) {
                // MENU INCLUDE file tag: as if bracketed by MENU BEGIN tag ... MENU END
                closeLabel();
                opened = begin(tag, at);
            }
            including.push(file);
            lines(text.get(), file);
            including.pop();
            if (tag != null && !opened) skippedBegins--;
            if (opened) {
                closeLabel();
                while (node != outer && node.parent != null) {
                    if (node.parent != outer) warn(node.source, "MENU BEGIN without MENU END in " + file);
                    node = node.parent;
                    shared.menuDepth--;
                }
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
