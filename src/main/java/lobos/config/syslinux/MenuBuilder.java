package lobos.config.syslinux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import lobos.config.Source;

/**
 * Turns parsed LABEL clauses into boot entries and the MENU BEGIN/END tree into menus, and
 * works out what boots on Enter or timeout.
 *
 * <p>KERNEL guesses the type from the extension as syslinux does: {@code .c32} modules
 * ({@code mboot.c32} is a Multiboot entry with modules split at {@code ---}; {@code chain.c32}
 * and {@code pxechn.c32} chainload; {@code linux.c32} boots the kernel named first in APPEND;
 * {@code menu.c32}/{@code vesamenu.c32} given a config file open it as a submenu; other modules
 * cannot run under lobos and are skipped with a warning), {@code .0} PXE programs and
 * {@code .bin}/{@code .bs}/{@code .bss} boot sectors chainload, {@code .com}/{@code .cbt}
 * COMBOOT and {@code .img} floppy images are skipped, anything else is a Linux kernel.
 */
final class MenuBuilder {
    private static final Set<String> MENU_MODULES = Set.of("menu.c32", "vesamenu.c32");

    private final SyslinuxParser parser;
    private final String idPrefix;
    private final Set<String> ids = new HashSet<>();
    private final Map<SyslinuxParser.Label, String> idOf = new IdentityHashMap<>();
    private final Map<SyslinuxParser.Label, BootEntry> entryOf = new IdentityHashMap<>();
    private final Map<String, SyslinuxParser.Label> byName = new LinkedHashMap<>();
    private final Map<SyslinuxParser.Label, Menu> menuOf = new IdentityHashMap<>();
    /** The menu of another config as that config titles it, for a label that opens one. */
    private final Map<SyslinuxParser.Label, Menu> configOf = new IdentityHashMap<>();
    /** Labels a whichsys.c32 label is running, to stop one that runs itself. */
    private final Set<SyslinuxParser.Label> running = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean hasMenu;

    MenuBuilder(SyslinuxParser parser, String idPrefix) {
        this.parser = parser;
        this.idPrefix = idPrefix == null ? "" : idPrefix;
    }

    Menu build(SyslinuxParser.Node top) {
        SyslinuxParser.Globals g = parser.globals;
        hasMenu = g.ui != null || isMenuModule(SyslinuxParser.firstWord(nz(g.defaultCommand)));
        name(top);
        List<MenuItem> items = new ArrayList<>(items(top));
        List<MenuItem> synthetic = new ArrayList<>();
        Target target = null;
        if (g.onTimeout != null) target = command(g.onTimeout, "ontimeout", g.onTimeoutSource, false, synthetic);
        if (target == null && g.defaultCommand != null) {
            target = command(g.defaultCommand, "default", g.defaultSource, g.ui != null, synthetic);
        }
        String defaultId = target == null ? menuDefault(top) : target.id();
        items.addAll(0, synthetic);
        Duration timeout = min(SyslinuxParser.tenths(g.timeout), SyslinuxParser.tenths(g.totalTimeout));
        boolean atOnce;
        if (g.uboot) {
            // U-Boot's pxe_utils: only a MENU line makes it prompt (PROMPT is ignored); without one it
            // boots the default, or with none the labels in order, at once (menu_get_choice() ->
            // -ENOENT -> boot_unattempted_labels()). With one it waits TIMEOUT (tenths rounded up
            // to seconds), or for ever.
            atOnce = !g.menuOutsideLabel;
            timeout = atOnce ? Duration.ZERO : timeout == null ? null
                    : Duration.ofSeconds((timeout.toMillis() + 999) / 1000);
        } else {
            // PROMPT 0 without a menu: syslinux boots the default at once (with no default it
            // says "No DEFAULT or UI configuration directive found!" and waits at boot:)
            atOnce = timeout == null && target != null && !hasMenu && (g.prompt == null || g.prompt == 0);
            if (atOnce) timeout = Duration.ZERO;
        }
        if (atOnce && target != null && target.menu() != null) {
            // the default opens another config at once (CONFIG, or whichsys.c32 choosing one):
            // what the user sees is that config's menu
            Menu m = target.menu();
            List<lobos.config.Warning> warnings = new ArrayList<>(parser.warnings());
            warnings.addAll(m.warnings());
            return new Menu(m.title(), m.items(), m.defaultId(), m.timeout(), m.message(), m.restricted(),
                    top.source, warnings);
        }
        return new Menu(top.title, items, defaultId, timeout, null, !g.allowOptions, top.source,
                parser.warnings());
    }

    /** What DEFAULT or ONTIMEOUT boots: an entry (its id) or a submenu another config gives. */
    private record Target(String id, Menu menu) {}

    /** Gives every label an id: its name, made unique with #2, #3... (syslinux uses the first). */
    private void name(SyslinuxParser.Node node) {
        for (Object o : node.items) {
            if (o instanceof SyslinuxParser.Label l) {
                if (byName.containsKey(l.name)) {
                    parser.warn(l.source, "LABEL " + l.name + " already defined at "
                            + byName.get(l.name).source + "; syslinux boots the first one");
                } else {
                    byName.put(l.name, l);
                }
                String id = idPrefix + l.name;
                for (int n = 2; ids.contains(id); n++) id = idPrefix + l.name + "#" + n;
                ids.add(id);
                idOf.put(l, id);
            } else if (o instanceof SyslinuxParser.Node sub) {
                name(sub);
            }
        }
    }

    private List<MenuItem> items(SyslinuxParser.Node node) {
        List<MenuItem> out = new ArrayList<>();
        for (Object o : node.items) {
            if (o instanceof SyslinuxParser.Label l) {
                item(l).ifPresent(out::add);
            } else if (o instanceof SyslinuxParser.Node sub) {
                List<MenuItem> subItems = items(sub);
                String title = sub.label != null ? stripCaret(sub.label) : sub.title != null ? sub.title : sub.tag;
                out.add(new Menu(title, subItems, menuDefault(sub), null, null, false, sub.source, List.of()));
            }
        }
        return out;
    }

    /** A node's MENU DEFAULT, or the default of a submenu marked MENU DEFAULT itself. */
    private String menuDefault(SyslinuxParser.Node node) {
        if (node.menuDefault != null && entryOf.containsKey(node.menuDefault)) return idOf.get(node.menuDefault);
        for (Object o : node.items) {
            if (o instanceof SyslinuxParser.Node sub && sub.defaultInParent) {
                String inner = menuDefault(sub);
                if (inner != null) return inner;
                for (SyslinuxParser.Label l : labels(sub)) {
                    if (entryOf.containsKey(l)) return idOf.get(l);
                }
            }
        }
        return null;
    }

    private static List<SyslinuxParser.Label> labels(SyslinuxParser.Node node) {
        List<SyslinuxParser.Label> out = new ArrayList<>();
        for (Object o : node.items) {
            if (o instanceof SyslinuxParser.Label l) out.add(l);
            else if (o instanceof SyslinuxParser.Node sub) out.addAll(labels(sub));
        }
        return out;
    }

    /**
     * The label a command names. menu.c32 compares its first word with whole labels
     * (readconfig.c find_label()); without a menu, syslinux's core keeps only a label's first word
     * (ldlinux readconfig.c "__refdup_word"), so a label with blanks is found by its first word.
     */
    private SyslinuxParser.Label findLabel(String first) {
        SyslinuxParser.Label label = byName.get(first);
        if (label != null || hasMenu) return label;
        for (SyslinuxParser.Label l : byName.values()) {
            if (SyslinuxParser.firstWord(l.name).equals(first)) return l;
        }
        return null;
    }

    /**
     * DEFAULT or ONTIMEOUT: a label (then its id, or the submenu it opens), a label with extra
     * options or a kernel command line (then a hidden entry made for it), or a menu module (no entry).
     */
    private Target command(String cmd, String id, Source at, boolean labelsOnly, List<MenuItem> synthetic) {
        String first = SyslinuxParser.firstWord(cmd);
        String rest = cmd.strip().substring(first.length()).strip();
        if (first.isEmpty()) return null;
        SyslinuxParser.Label label = findLabel(first);
        if (label != null) {
            BootEntry entry = entryOf.get(label);
            if (entry == null) {
                if (menuOf.containsKey(label)) {
                    Menu m = configOf.getOrDefault(label, menuOf.get(label));
                    BootEntry inner = m.defaultEntry();
                    return new Target(inner == null ? null : inner.id(), m);
                }
                parser.warn(at, id.toUpperCase(Locale.ROOT) + " " + cmd + ": that label boots nothing lobos can run");
                return null;
            }
            if (rest.isEmpty()) return new Target(idOf.get(label), null);
            String cmdline = entry.cmdline().isEmpty() ? rest : entry.cmdline() + " " + rest;
            synthetic.add(new BootEntry(cmd.strip(), idPrefix + id, entry.kind(), entry.kernel(), entry.initrds(),
                    cmdline, entry.devicetree(), entry.modules(), true, entry.context(), at, entry.warnings(),
                    entry.help(), entry.sysappend()));
            return new Target(idPrefix + id, null);
        }
        if (isMenuModule(first)) return null;
        if (labelsOnly) {
            parser.warn(at, id.toUpperCase(Locale.ROOT) + " " + cmd + ": no such label (with UI, only labels count)");
            return null;
        }
        SyslinuxParser.Label pseudo = typed(cmd, id, at);
        idOf.put(pseudo, idPrefix + id);
        Optional<MenuItem> item = item(pseudo);
        if (item.isEmpty() || !(item.get() instanceof BootEntry)) return null;
        synthetic.add(item.get());
        return new Target(idPrefix + id, null);
    }

    /** A command typed at syslinux's boot: prompt, as a hidden label: the global APPEND first, the typed options after. */
    private SyslinuxParser.Label typed(String cmd, String name, Source at) {
        String first = SyslinuxParser.firstWord(cmd);
        String rest = cmd.strip().substring(first.length()).strip();
        SyslinuxParser.Label pseudo = new SyslinuxParser.Label(name, at, parser.cwd(), parser.globals.sysappend);
        pseudo.kernel = first;
        pseudo.append = (append(pseudo) + " " + rest).strip();
        pseudo.hidden = true;
        pseudo.menuLabel = cmd.strip();
        return pseudo;
    }

    private Optional<MenuItem> item(SyslinuxParser.Label l) {
        if (l.disabled || l.navigation) return Optional.empty();
        String line = l.kernel.strip();
        String file = SyslinuxParser.firstWord(line);
        String extra = line.substring(file.length()).strip();
        if (file.isEmpty()) {
            parser.warn(l.source, "LABEL " + l.name + ": " + l.type.toUpperCase(Locale.ROOT) + " names no file; no entry");
            return Optional.empty();
        }
        String type = l.type.equals("kernel") ? byExtension(file) : l.type;
        List<String> args = words(extra + " " + append(l));
        Optional<MenuItem> item = switch (type) {
            case "linux" -> Optional.of(linux(l, file, args));
            case "com32" -> module(l, file, args);
            case "config" -> submenu(l, file, append(l));
            case "boot", "bss", "pxe" -> Optional.of(entry(l, BootEntry.Kind.CHAINLOAD, file, List.of(),
                    String.join(" ", args), List.of()));
            case "localboot" -> Optional.of(entry(l, BootEntry.Kind.CHAINLOAD, "localboot", List.of(), file,
                    List.of()));
            default -> {
                parser.warn(l.source, "LABEL " + l.name + ": " + file + " is a " + type.toUpperCase(Locale.ROOT)
                        + " image, which lobos cannot boot; no entry");
                yield Optional.empty();
            }
        };
        item.ifPresent(i -> {
            switch (i) {
                case BootEntry e -> entryOf.put(l, e);
                case Menu m -> menuOf.put(l, m);
            }
        });
        return item;
    }

    private Optional<MenuItem> module(SyslinuxParser.Label l, String file, List<String> args) {
        String name = basename(file).toLowerCase(Locale.ROOT);
        switch (name) {
            case "mboot.c32" -> {
                List<List<String>> parts = split(args, "---");
                List<String> kernel = parts.getFirst();
                if (kernel.isEmpty()) {
                    parser.warn(l.source, "LABEL " + l.name + ": mboot.c32 names no kernel; no entry");
                    return Optional.empty();
                }
                List<String> modules = new ArrayList<>();
                for (List<String> m : parts.subList(1, parts.size())) {
                    if (!m.isEmpty()) modules.add(String.join(" ", m));
                }
                return Optional.of(entry(l, BootEntry.Kind.MULTIBOOT, kernel.getFirst(), List.of(),
                        String.join(" ", kernel.subList(1, kernel.size())), modules));
            }
            case "chain.c32", "pxechn.c32" -> {
                return Optional.of(entry(l, BootEntry.Kind.CHAINLOAD, file, List.of(), String.join(" ", args),
                        List.of()));
            }
            case "linux.c32" -> {
                if (args.isEmpty()) {
                    parser.warn(l.source, "LABEL " + l.name + ": linux.c32 names no kernel; no entry");
                    return Optional.empty();
                }
                return Optional.of(linux(l, args.getFirst(), args.subList(1, args.size())));
            }
            case "whichsys.c32" -> {
                return whichsys(l, args);
            }
            default -> {
                if (MENU_MODULES.contains(name)) {
                    if (args.isEmpty()) return Optional.empty(); // back to the menu itself
                    // menu.c32 reads them without changing the working directory (only CONFIG does)
                    return submenu(l, parser.configs(args, l.cwd, idOf.get(l) + ">", l.source, basename(file)));
                }
                parser.warn(l.source, "LABEL " + l.name + ": " + file
                        + " is a syslinux module, which lobos cannot run; no entry");
                return Optional.empty();
            }
        }
    }

    /**
     * Another config opened by a label, as a submenu titled by the label. One with nothing to
     * boot (a help screen, a way back to this menu) is left out; its warnings are kept.
     */
    private Optional<MenuItem> submenu(SyslinuxParser.Label l, String file, String dir) {
        return submenu(l, parser.config(file, dir, idOf.get(l) + ">", l.source));
    }

    private Optional<MenuItem> submenu(SyslinuxParser.Label l, Optional<Menu> menu) {
        if (menu.isEmpty()) return Optional.empty();
        configOf.put(l, menu.get());
        if (menu.get().entries().isEmpty()) {
            parser.warnings().addAll(menu.get().allWarnings());
            return Optional.empty();
        }
        Menu m = menu.get();
        return Optional.of(new Menu(title(l), m.items(), m.defaultId(), m.timeout(), m.message(), m.restricted(),
                m.source(), m.warnings()));
    }

    /**
     * whichsys.c32 {@code -iso- CMD -pxe- CMD -sys- CMD}: runs the command given for the syslinux
     * variant that reads this config, as if typed at the boot: prompt (a label, else a kernel
     * command line). The variant is judged from the config's name ({@link SyslinuxParser#variant}).
     */
    private Optional<MenuItem> whichsys(SyslinuxParser.Label l, List<String> args) {
        Map<String, List<String>> commands = new LinkedHashMap<>();
        List<String> current = null;
        for (String a : args) {
            switch (a) {
                case "-iso-", "-pxe-", "-sys-" -> {
                    current = new ArrayList<>();
                    commands.put(a.substring(1, 4), current);
                }
                default -> {
                    if (current != null) current.add(a);
                }
            }
        }
        String variant = parser.variant();
        List<String> cmd = commands.get(variant);
        if (cmd == null) {
            parser.warn(l.source, "LABEL " + l.name + ": whichsys.c32 names no command for "
                    + variant.toUpperCase(Locale.ROOT) + "LINUX; no entry");
            return Optional.empty();
        }
        String command = String.join(" ", cmd);
        List<String> iso = commands.get("iso");
        if (variant.equals("sys") && iso != null && !iso.equals(cmd)) {
            parser.warn(l.source, "LABEL " + l.name + ": whichsys.c32 runs '" + command + "' under SYSLINUX, but '"
                    + String.join(" ", iso) + "' if this medium is an ISO (ISOLINUX)");
        }
        if (command.isEmpty() || running.contains(l) || running.size() >= SyslinuxParser.MAX_DEPTH) {
            parser.warn(l.source, "LABEL " + l.name + ": whichsys.c32 runs '" + command + "', which leads back to"
                    + " itself; no entry");
            return Optional.empty();
        }
        SyslinuxParser.Label target = findLabel(SyslinuxParser.firstWord(command));
        String rest = command.substring(SyslinuxParser.firstWord(command).length()).strip();
        SyslinuxParser.Label run;
        if (target != null) {
            // the target label's clause under this label's name, id and visibility
            run = new SyslinuxParser.Label(l.name, l.source, target.cwd, target.sysappend);
            run.type = target.type;
            run.kernel = target.kernel;
            run.append = rest.isEmpty() ? target.append : (append(target) + " " + rest).strip();
            run.initrd = target.initrd;
            run.devicetree = target.devicetree;
            run.help = l.help;
            run.warnings.addAll(target.warnings);
        } else {
            run = typed(command, l.name, l.source);
            run.hidden = false;
        }
        run.menuLabel = l.menuLabel;
        run.hidden = l.hidden;
        idOf.put(run, idOf.get(l));
        running.add(l);
        try {
            Optional<MenuItem> item = item(run);
            if (configOf.containsKey(run)) configOf.put(l, configOf.get(run));
            return item;
        } finally {
            running.remove(l);
        }
    }

    /** APPEND's and INITRD's initrd= files; the last initrd= counts, INITRD comes after APPEND. */
    private BootEntry linux(SyslinuxParser.Label l, String kernel, List<String> args) {
        String initrd = null;
        List<String> cmdline = new ArrayList<>();
        for (String w : args) {
            if (w.startsWith("initrd=")) initrd = w.substring("initrd=".length());
            else cmdline.add(w);
        }
        if (l.initrd != null && !l.initrd.isBlank()) initrd = l.initrd.strip();
        List<String> initrds = new ArrayList<>();
        if (initrd != null) {
            for (String f : initrd.split(",")) {
                if (!f.isBlank()) initrds.add(f.strip());
            }
        }
        return entry(l, BootEntry.Kind.LINUX, kernel, initrds, String.join(" ", cmdline), List.of());
    }

    private BootEntry entry(SyslinuxParser.Label l, BootEntry.Kind kind, String kernel, List<String> initrds,
            String cmdline, List<String> modules) {
        PathContext base = parser.base();
        PathContext context = new PathContext(base.device(), base.root(), l.cwd, base.baseUrl());
        String devicetree = l.devicetree == null ? null : SyslinuxParser.firstWord(l.devicetree);
        return new BootEntry(title(l), idOf.get(l), kind, kernel, initrds, cmdline, devicetree, modules, l.hidden,
                context, l.source, l.warnings, l.help, l.sysappend);
    }

    /** The label's own APPEND, else the global one; "APPEND -" means none. */
    private String append(SyslinuxParser.Label l) {
        String a = l.append != null ? l.append : parser.globals.append;
        if (a == null || a.strip().equals("-")) return "";
        return a.strip();
    }

    private static String title(SyslinuxParser.Label l) {
        return l.menuLabel != null && !l.menuLabel.isBlank() ? stripCaret(l.menuLabel) : l.name;
    }

    /** MENU LABEL's ^ marks the hotkey; lobos shows the text without it ("^^" is a literal ^). */
    static String stripCaret(String s) {
        return s.replace("^^", "\u0000").replace("^", "").replace("\u0000", "^");
    }

    static String byExtension(String file) {
        String name = basename(file).toLowerCase(Locale.ROOT);
        if (name.endsWith(".c32")) return "com32";
        if (name.endsWith(".0")) return "pxe";
        if (name.endsWith(".bin") || name.endsWith(".bs")) return "boot";
        if (name.endsWith(".bss")) return "bss";
        if (name.endsWith(".com") || name.endsWith(".cbt")) return "comboot";
        if (name.endsWith(".img")) return "fdimage";
        return "linux";
    }

    private static boolean isMenuModule(String file) {
        return MENU_MODULES.contains(basename(file).toLowerCase(Locale.ROOT));
    }

    private static String basename(String file) {
        return file.substring(file.lastIndexOf('/') + 1);
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private static List<List<String>> split(List<String> words, String separator) {
        List<List<String>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (String w : words) {
            if (w.equals(separator)) out.add(new ArrayList<>());
            else out.getLast().add(w);
        }
        return out;
    }

    private static Duration min(Duration a, Duration b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
