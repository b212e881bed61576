package lobos.config.grub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import lobos.config.Source;
import lobos.config.Volume;
import lobos.config.Warning;

/**
 * Runs a grub.cfg the way GRUB's normal mode does, but without side effects, and builds the menu
 * GRUB would show. The script runs first (variables, functions, {@code search}, {@code load_env},
 * {@code source}...) and records each {@code menuentry}/{@code submenu} with its body. Then, as
 * GRUB does when an entry is chosen, each body runs against the variables as the script left
 * them, each on its own copy, and what it loads ({@code linux}, {@code initrd},
 * {@code multiboot}...) becomes a {@link BootEntry}. A submenu's body runs in a new context that
 * sees only exported variables, as in GRUB.
 *
 * <p>Every loop, recursion and file inclusion is bounded (steps, nesting depth, time); when a
 * bound is hit lobos stops interpreting and keeps what it has, with a warning.
 */
final class GrubInterpreter {
    /** Commands the script may run, and again the building of its menu. */
    static final int MAX_STEPS = 50_000;
    /** Commands one entry's or submenu's body may run. */
    static final int MAX_ENTRY_STEPS = 10_000;
    /** GRUB refuses more than 64 nested executions; lobos counts a few more levels of its own. */
    static final int MAX_DEPTH = 100;
    static final int MAX_VALUE = 64 * 1024;
    static final int MAX_ARGS = 10_000;
    static final int MAX_ITEMS = 10_000;
    static final int MAX_WARNINGS = 500;
    static final long TIME_LIMIT_NANOS = Duration.ofSeconds(5).toNanos();

    /** A menuentry or submenu as the script defined it; its body runs when the menu is built. */
    private record MenuDef(String title, String id, List<String> positional, List<Node> body, Source source,
            boolean submenu) {}

    /** A menu that {@code configfile} showed while the script ran. */
    private record Nested(Menu menu) {}

    /** A menu context: variables and the items defined so far. */
    private static final class Context {
        final Env env;
        final List<Object> items = new ArrayList<>();

        Context(Env env) {
            this.env = env;
        }
    }

    /** Problems met while an entry's body runs. */
    private static final class EntryState {
        final List<String> messages = new ArrayList<>();
        String failure;
    }

    private static final class Break extends RuntimeException {
        int levels;
        final boolean isContinue;

        Break(int levels, boolean isContinue) {
            super(null, null, false, false);
            this.levels = levels;
            this.isContinue = isContinue;
        }
    }

    private static final class Return extends RuntimeException {
        final int status;

        Return(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    /** Stops all interpretation: the time is up, or the script ran {@code exit}. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /** The script, a submenu or an entry ran more commands than it may: it ends there. */
    private static final class Overrun extends RuntimeException {
        Overrun() {
            super(null, null, false, false);
        }
    }

    private final Devices devices;
    private final GrubPlatform platform;
    private final Map<String, Node.Function> functions = new HashMap<>();
    private final Map<Node.Function, String> functionFiles = new IdentityHashMap<>();
    private final Map<String, GrubParser.Result> parsedFiles = new HashMap<>();
    private final List<Warning> warnings = new ArrayList<>();
    private final Set<Warning> warned = new HashSet<>();
    private final Set<String> ids = new HashSet<>();
    private final long deadline;
    private final Lookups lookups;
    private long steps;
    private long limit = MAX_STEPS;
    private int depth;
    private int loops;
    private int itemCount;
    private boolean stopped;

    private Context context;
    private List<String> positional = List.of();
    private String file;
    private LoadedImage image = new LoadedImage();
    private EntryState entry;

    GrubInterpreter(Volume volume, List<Volume> others, GrubPlatform platform) {
        this.devices = new Devices(volume, others);
        this.platform = platform;
        this.deadline = System.nanoTime() + TIME_LIMIT_NANOS;
        this.lookups = new Lookups(devices, this::setVariable, deadline);
    }

    /** Runs {@code text}, the config at {@code path} (relative to the volume), and builds its menu. */
    Menu run(String path, String text) {
        String rel = path.startsWith("/") ? path : "/" + path;
        String root = devices.name(devices.main());
        String dir = rel.substring(0, rel.lastIndexOf('/'));
        var env = new Env();
        env.setExported("root", root);
        env.setExported("prefix", "(" + root + ")" + dir);
        env.setExported("cmdpath", "(" + root + ")" + dir);
        env.setExported("grub_platform", platform.platform());
        env.setExported("grub_cpu", platform.cpu());
        for (String feature : List.of("feature_chainloader_bpb", "feature_ntldr", "feature_platform_search_hint",
                "feature_default_font_path", "feature_all_video_module", "feature_menuentry_id",
                "feature_menuentry_options", "feature_200_final", "feature_nativedisk_cmd",
                "feature_timeout_style")) {
            env.setExported(feature, "y");
        }
        context = new Context(env);
        file = rel;
        try {
            runFile(new Devices.Location(devices.main(), root, rel), text);
        } catch (Stop e) {
            // the warning was given where interpretation stopped
        } catch (Overrun e) {
            warn(file, 0, "stopped after " + MAX_STEPS + " commands (an endless loop?): the rest of the script"
                    + " is ignored");
        }
        limit = steps + MAX_STEPS; // building the menu runs the entries' bodies
        Source source = new Source(rel, 0);
        Menu menu = buildMenu(context, null, source);
        if (menu.items().size() == 1 && context.items.size() == 1 && context.items.getFirst() instanceof Nested) {
            menu = (Menu) menu.items().getFirst(); // a config that only hands over to another (an EFI stub)
        }
        return new Menu(menu.title(), menu.items(), menu.defaultId(), menu.timeout(), null, false, source, warnings);
    }

    // ---- statements ----

    private void runFile(Devices.Location where, String text) {
        enter(0);
        String shown = devices.display(where);
        GrubParser.Result parsed = parsedFiles.get(shown);
        if (parsed == null) {
            parsed = GrubParser.parse(text, 1);
            parsedFiles.put(shown, parsed);
            for (var e : parsed.errors()) warn(shown, e.line(), "syntax error: " + e.message());
        }
        String oldFile = context.env.get("config_file");
        String oldDir = context.env.get("config_directory");
        String grubName = "(" + (where.volume() != null ? devices.name(where.volume()) : where.device()) + ")"
                + (where.path().startsWith("/") ? where.path() : "/" + where.path());
        context.env.setExported("config_file", grubName);
        context.env.setExported("config_directory", grubName.substring(0, grubName.lastIndexOf('/')));
        String savedFile = file;
        file = shown;
        try {
            runList(parsed.statements());
        } catch (Return | Break e) {
            // a stray return or break ends the file
        } finally {
            depth--;
            file = savedFile;
            restore(context.env, "config_file", oldFile);
            restore(context.env, "config_directory", oldDir);
        }
    }

    private static void restore(Env env, String name, String value) {
        if (value == null) env.unset(name);
        else env.set(name, value);
    }

    private int runList(List<Node> nodes) {
        int status = 0;
        for (Node node : nodes) status = run(node);
        return status;
    }

    private int run(Node node) {
        step(node.line());
        enter(node.line());
        try {
            return switch (node) {
                case Node.Command c -> command(c);
                case Node.If i -> runList(i.condition()) == 0 ? runList(i.then()) : runList(i.otherwise());
                case Node.For f -> forLoop(f);
                case Node.Loop l -> whileLoop(l);
                case Node.Function f -> {
                    functions.put(f.name(), f);
                    functionFiles.put(f, file);
                    yield 0;
                }
            };
        } finally {
            depth--;
        }
    }

    private int forLoop(Node.For f) {
        List<String> items;
        try {
            items = Expansion.expand(f.items(), this::values, n -> steps += n);
        } catch (ScriptError e) {
            report(e, f.line());
            return 1;
        }
        int[] status = {0};
        loops++;
        try {
            for (String item : items) {
                step(f.line());
                context.env.set(f.name(), item);
                if (!round(f.body(), status)) break;
            }
        } finally {
            loops--;
        }
        return status[0];
    }

    private int whileLoop(Node.Loop l) {
        int[] status = {0};
        loops++;
        try {
            while (true) {
                step(l.line());
                int condition = runList(l.condition());
                if (l.until() ? condition == 0 : condition != 0) break;
                if (!round(l.body(), status)) break;
            }
        } finally {
            loops--;
        }
        return status[0];
    }

    /** Runs a loop body once into {@code status}; false if a break ends this loop (an outer one's goes on up). */
    private boolean round(List<Node> body, int[] status) {
        try {
            status[0] = runList(body);
            return true;
        } catch (Break b) {
            if (b.levels > 1) {
                b.levels--;
                throw b;
            }
            return b.isContinue;
        }
    }

    private int command(Node.Command c) {
        boolean invert = false;
        int status;
        try {
            List<String> argv = Expansion.expand(c.words(), this::values, n -> steps += n);
            if (argv.isEmpty()) return 0;
            if (argv.getFirst().equals("!")) {
                if (argv.size() < 2) throw new ScriptError("'!' without a command");
                invert = true;
                argv = argv.subList(1, argv.size());
            }
            status = dispatch(argv.getFirst(), argv.subList(1, argv.size()), c);
            if (invert) status = status == 0 ? 1 : 0;
        } catch (ScriptError e) {
            report(e, c.line());
            status = invert ? 0 : 1;
        }
        context.env.set("?", Integer.toString(status));
        return status;
    }

    /** GRUB's order: a command, else a function, else {@code name=value}, else an unknown command. */
    private int dispatch(String name, List<String> args, Node.Command c) {
        Integer status = GrubCommands.isSilent(name) ? Integer.valueOf(0) : builtin(name, args, c);
        if (status != null) return status;
        Node.Function f = functions.get(name);
        if (f != null) return call(f, args);
        int eq = name.indexOf('=');
        if (eq > 0) {
            setVariable(name.substring(0, eq), name.substring(eq + 1));
            return 0;
        }
        if (GrubCommands.isUnsupported(name)) {
            throw new ScriptError("'" + name + "' is not supported by lobos (" + GrubCommands.why(name) + ")", true);
        }
        throw new ScriptError("unknown command '" + name + "'", true);
    }

    private int call(Node.Function f, List<String> args) {
        List<String> savedArgs = positional;
        String savedFile = file;
        int savedLoops = loops;
        positional = List.copyOf(args);
        file = functionFiles.getOrDefault(f, file);
        loops = 0;
        enter(f.line());
        try {
            return runList(f.body());
        } catch (Return r) {
            return r.status;
        } catch (Break b) {
            return 0;
        } finally {
            depth--;
            positional = savedArgs;
            file = savedFile;
            loops = savedLoops;
        }
    }

    private void setVariable(String name, String value) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0)) || name.equals("#") || name.equals("*")
                || name.equals("@")) {
            throw new ScriptError("invalid variable name '" + name + "'");
        }
        if (value.length() > MAX_VALUE) throw new ScriptError("value of '" + name + "' is longer than 64 KiB");
        context.env.set(name, value);
    }

    // ---- builtins ----

    /** Runs a GRUB command lobos implements; null if {@code name} is not one. */
    private Integer builtin(String name, List<String> args, Node.Command c) {
        return switch (name) {
            case "set" -> {
                if (args.isEmpty()) yield 0;
                int eq = args.getFirst().indexOf('=');
                if (eq < 0) throw new ScriptError("set: '" + args.getFirst() + "' is not an assignment");
                setVariable(args.getFirst().substring(0, eq), args.getFirst().substring(eq + 1));
                yield 0;
            }
            case "unset" -> {
                if (args.isEmpty()) throw new ScriptError("unset: a variable name is expected");
                context.env.unset(args.getFirst());
                yield 0;
            }
            case "export" -> {
                if (args.isEmpty()) throw new ScriptError("export: a variable name is expected");
                for (String a : args) context.env.export(a);
                yield 0;
            }
            case "true" -> 0;
            case "false" -> 1;
            case "[", "test" -> TestExpression.evaluate(args, fileTests()) ? 0 : 1;
            case "source", "." -> {
                include(args, false, c.line());
                yield 0;
            }
            case "configfile" -> {
                include(args, true, c.line());
                yield 0;
            }
            case "normal" -> {
                if (!args.isEmpty()) include(args, true, c.line());
                yield 0;
            }
            case "eval" -> {
                GrubParser.Result parsed = GrubParser.parse(String.join(" ", args), c.line());
                for (var e : parsed.errors()) report(new ScriptError("eval: syntax error: " + e.message()), e.line());
                yield runList(parsed.statements());
            }
            case "return" -> throw new Return(statusOf(args.isEmpty() ? context.env.get("?") : args.getFirst()));
            case "break", "continue" -> {
                long n = args.isEmpty() ? 1 : TestExpression.strtoul(args.getFirst());
                if (n <= 0) throw new ScriptError("can't " + name + " 0 loops");
                if (loops == 0) yield 0;
                throw new Break((int) Math.min(n, loops), name.equals("continue"));
            }
            case "shift" -> {
                long n = args.isEmpty() ? 1 : TestExpression.strtoul(args.getFirst());
                if (n > positional.size()) throw new ScriptError("shift: not enough arguments");
                positional = positional.subList((int) n, positional.size());
                yield 0;
            }
            case "setparams" -> {
                positional = List.copyOf(args);
                yield 0;
            }
            case "menuentry", "submenu" -> {
                defineEntry(name.equals("submenu"), args, c);
                yield 0;
            }
            case "search", "search.fs_uuid", "search.fs_label", "search.file", "search.fs_file" ->
                    lookups.search(name, args);
            case "probe" -> lookups.probe(args);
            case "regexp" -> lookups.regexp(args);
            case "load_env" -> {
                loadEnv(args, c.line());
                yield 0;
            }
            case "blscfg", "bls_import" -> {
                blscfg(args, c.line());
                yield 0;
            }
            case "linux", "linux16", "linuxefi" -> {
                if (args.isEmpty()) throw new ScriptError(name + ": a file name is expected");
                image.load(BootEntry.Kind.LINUX, ref(args.getFirst(), null),
                        LoadedImage.cmdline(args.subList(1, args.size())));
                yield 0;
            }
            case "initrd", "initrd16", "initrdefi" -> {
                if (image.kind != BootEntry.Kind.LINUX) throw new ScriptError(name + ": load the kernel first");
                if (args.isEmpty()) throw new ScriptError(name + ": a file name is expected");
                image.initrds = args.stream().map(a -> ref(a, null)).toList();
                yield 0;
            }
            case "multiboot", "multiboot2" -> {
                List<String> rest = args;
                while (!rest.isEmpty() && rest.getFirst().startsWith("--quirk-")) rest = rest.subList(1, rest.size());
                if (rest.isEmpty()) throw new ScriptError(name + ": a file name is expected");
                image.load(name.equals("multiboot") ? BootEntry.Kind.MULTIBOOT : BootEntry.Kind.MULTIBOOT2,
                        ref(rest.getFirst(), null), LoadedImage.cmdline(rest.subList(1, rest.size())));
                yield 0;
            }
            case "module", "module2" -> {
                if (image.kind != BootEntry.Kind.MULTIBOOT && image.kind != BootEntry.Kind.MULTIBOOT2) {
                    throw new ScriptError(name + ": load the multiboot kernel first");
                }
                List<String> rest = args;
                if (!rest.isEmpty() && rest.getFirst().equals("--nounzip")) rest = rest.subList(1, rest.size());
                if (rest.isEmpty()) throw new ScriptError(name + ": a file name is expected");
                image.modules.add(ref(rest.getFirst(), LoadedImage.cmdline(rest.subList(1, rest.size()))));
                yield 0;
            }
            case "devicetree" -> {
                if (args.isEmpty()) throw new ScriptError("devicetree: a file name is expected");
                image.devicetree = ref(args.getFirst(), null);
                yield 0;
            }
            case "chainloader" -> {
                List<String> rest = args;
                while (!rest.isEmpty() && rest.getFirst().startsWith("--")) rest = rest.subList(1, rest.size());
                if (rest.isEmpty()) throw new ScriptError("chainloader: a file name is expected");
                image.load(BootEntry.Kind.CHAINLOAD, ref(rest.getFirst(), null),
                        LoadedImage.cmdline(rest.subList(1, rest.size())));
                yield 0;
            }
            case "boot" -> {
                if (entry == null && image.kind != null) addTopLevelBoot(c);
                yield 0;
            }
            case "fwsetup", "reboot", "halt", "exit" -> special(name, args);
            case "cpuid" -> args.contains("-l") || args.contains("--long-mode") || args.contains("-p")
                    || args.contains("--pae") ? (platform.cpu().equals("x86_64") ? 0 : 1) : 0;
            case "increment", "decrement" -> {
                if (args.isEmpty()) throw new ScriptError(name + ": a variable name is expected");
                String v = context.env.get(args.getFirst());
                long n = v == null ? 0 : v.startsWith("-") ? -TestExpression.strtoul(v.substring(1))
                        : TestExpression.strtoul(v);
                setVariable(args.getFirst(), Long.toString(name.equals("increment") ? n + 1 : n - 1));
                yield 0;
            }
            case "keystatus", "hwmatch", "smbios" -> 1; // no key is held, no hardware is matched
            default -> null;
        };
    }

    private static int statusOf(String value) {
        return value == null ? 0 : (int) Math.min(Integer.MAX_VALUE, TestExpression.strtoul(value));
    }

    /** fwsetup, reboot, halt and exit make an entry something other than a kernel lobos can load. */
    private int special(String name, List<String> args) {
        if (name.equals("fwsetup") && args.contains("--is-supported")) return 1;
        if (entry != null) {
            image.special = name;
            throw new Return(0);
        }
        if (name.equals("exit")) throw new Stop();
        return 1;
    }

    private TestExpression.Files fileTests() {
        return new TestExpression.Files() {
            @Override
            public char type(String grubPath) {
                Devices.Location where = devices.locate(grubPath, context.env.get("root"));
                if (where.volume() == null) return 0;
                String path = where.path();
                while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
                if (path.isEmpty()) return 'd';
                var p = devices.file(new Devices.Location(where.volume(), where.device(), path), subvolume());
                if (p == null) return 0;
                return java.nio.file.Files.isDirectory(p) ? 'd' : 'f';
            }

            @Override
            public long size(String grubPath) {
                var p = devices.file(devices.locate(grubPath, context.env.get("root")), subvolume());
                try {
                    return p == null ? 0 : java.nio.file.Files.size(p);
                } catch (java.io.IOException e) {
                    return 0;
                }
            }
        };
    }

    /** SUSE's GRUB reads paths inside the btrfs subvolume named by $btrfs_subvol. */
    private String subvolume() {
        return context.env.get("btrfs_subvol");
    }

    // ---- files: source, configfile, load_env ----

    private void include(List<String> args, boolean newContext, int line) {
        if (args.isEmpty()) throw new ScriptError("a file name is expected");
        Devices.Location where = devices.locate(args.getFirst(), context.env.get("root"));
        byte[] data = devices.read(where, subvolume(), "config file");
        String text = new String(data, StandardCharsets.UTF_8);
        if (!newContext) {
            runFile(where, text);
            return;
        }
        Context saved = context;
        List<String> savedArgs = positional;
        LoadedImage savedImage = image;
        EntryState savedEntry = entry;
        context = new Context(saved.env.exportedOnly());
        positional = List.of();
        image = new LoadedImage();
        entry = null;
        Context child = context;
        try {
            runFile(where, text);
        } catch (Return | Break e) {
            // ends the file
        } finally {
            context = saved;
            positional = savedArgs;
            image = savedImage;
            entry = savedEntry;
        }
        Menu menu = buildMenu(child, null, new Source(devices.display(where), 0));
        if (!menu.items().isEmpty()) addItem(new Nested(menu));
        else warn(file, line, "configfile " + devices.display(where) + " defines no entries lobos can boot");
    }

    private void loadEnv(List<String> args, int line) {
        var parsed = GrubOptions.parse(args, List.of(new GrubOptions.Spec("file", 'f', GrubOptions.Arg.REQUIRED),
                new GrubOptions.Spec("skip-sig", 's', GrubOptions.Arg.NONE)), false);
        String name = parsed.last("file");
        if (name == null) {
            String prefix = context.env.get("prefix");
            if (prefix == null) throw new ScriptError("load_env: $prefix is not set");
            name = prefix + "/grubenv";
        }
        Devices.Location where = devices.locate(name, context.env.get("root"));
        Map<String, String> vars;
        try {
            vars = GrubEnvBlock.parse(devices.read(where, subvolume(), "environment block"));
        } catch (ScriptError e) {
            throw new ScriptError("load_env: " + e.getMessage());
        }
        List<String> only = parsed.operands();
        vars.forEach((k, v) -> {
            if (only.isEmpty() || only.contains(k)) context.env.set(k, v);
        });
        String next = vars.get("next_entry");
        if (next != null && !next.isEmpty() && (only.isEmpty() || only.contains("next_entry"))) {
            warn(file, line, devices.display(where) + " sets next_entry=" + next + ", a one-shot default that GRUB"
                    + " clears when it boots it; lobos does not write grubenv, so it stays the default until"
                    + " something clears it (grub-editenv FILE unset next_entry)");
        }
    }

    // ---- blscfg ----

    /**
     * Fedora's {@code blscfg}: one entry per Boot Loader Spec file in {@code $blsdir} (default
     * /loader/entries, then /boot/loader/entries) on {@code $root}, its options with GRUB
     * variables ({@code $kernelopts}...) replaced now, as the module does.
     */
    private void blscfg(List<String> args, int line) {
        String root = context.env.get("root");
        String dir = context.env.get("blsdir");
        if (!args.isEmpty()) {
            if (args.getFirst().startsWith("(")) {
                Devices.Location where = devices.locate(args.getFirst(), root);
                root = where.device();
                dir = where.path();
            } else {
                warn(file, line, "blscfg " + args.getFirst() + ": lobos imports all entries");
            }
        }
        List<String> dirs = dir != null ? List.of(dir) : List.of("/loader/entries", "/boot/loader/entries");
        for (String d : dirs) {
            Devices.Location where = devices.locate("(" + root + ")" + d, null);
            var path = devices.file(where, subvolume());
            if (path == null || !java.nio.file.Files.isDirectory(path)) continue;
            var loaded = lobos.config.bls.BlsEntries.load(where.volume().root(), path, devices.display(where));
            loaded.warnings().forEach(this::warn);
            for (var e : loaded.entries()) {
                if (e.linux() == null) {
                    warn(e.source(), "no 'linux' key: blscfg skips this entry");
                    continue;
                }
                String body = BlscfgEntries.body(e, context.env, functions.containsKey("load_video"));
                GrubParser.Result parsed = GrubParser.parse(body, 1);
                if (!parsed.errors().isEmpty()) {
                    warn(e.source(), "entry skipped: its generated GRUB commands do not parse: "
                            + parsed.errors().getFirst().message());
                    continue;
                }
                String title = e.title() != null ? e.title() : e.linux();
                var positional = new ArrayList<String>();
                positional.add(title);
                positional.addAll(e.values("grub_arg"));
                addItem(new MenuDef(title, e.id(), positional, parsed.statements(), e.source(), false));
            }
            return;
        }
        warn(file, line, "blscfg: no Boot Loader Spec entries in " + dirs + " on (" + root + ")");
    }

    // ---- menu entries ----

    private static final List<GrubOptions.Spec> ENTRY_OPTIONS = List.of(
            new GrubOptions.Spec("class", (char) 0, GrubOptions.Arg.REQUIRED),
            new GrubOptions.Spec("users", (char) 0, GrubOptions.Arg.OPTIONAL),
            new GrubOptions.Spec("hotkey", (char) 0, GrubOptions.Arg.REQUIRED),
            new GrubOptions.Spec("source", (char) 0, GrubOptions.Arg.REQUIRED),
            new GrubOptions.Spec("id", (char) 0, GrubOptions.Arg.REQUIRED),
            new GrubOptions.Spec("unrestricted", (char) 0, GrubOptions.Arg.NONE));

    private void defineEntry(boolean submenu, List<String> args, Node.Command c) {
        var parsed = GrubOptions.parse(args, ENTRY_OPTIONS, true);
        String kind = submenu ? "submenu" : "menuentry";
        if (parsed.operands().isEmpty()) throw new ScriptError(kind + " has no title");
        List<Node> body = c.block();
        if (parsed.has("source")) {
            if (body != null) throw new ScriptError(kind + " has both a block and --source");
            GrubParser.Result p = GrubParser.parse(parsed.last("source"), c.line());
            if (!p.errors().isEmpty()) throw new ScriptError(kind + " --source: " + p.errors().getFirst().message());
            body = p.statements();
        }
        if (body == null) throw new ScriptError(kind + " has no body");
        String title = parsed.operands().getFirst();
        String id = parsed.last("id");
        if (id == null || id.isEmpty()) id = title;
        addItem(new MenuDef(title, id, parsed.operands(), body, new Source(file, c.line()), submenu));
    }

    private void addItem(Object item) {
        if (++itemCount > MAX_ITEMS) throw new ScriptError("more than " + MAX_ITEMS + " menu entries");
        context.items.add(item);
    }

    private void addTopLevelBoot(Node.Command c) {
        String title = "boot " + image.kernel.path();
        var def = new MenuDef(title, title, List.of(title), List.of(), new Source(file, c.line()), false);
        addItem(toEntry(def, image, new EntryState()));
        image = new LoadedImage();
    }

    /** Builds the menu of a context from the items it defined, once its script has run. */
    private Menu buildMenu(Context ctx, String title, Source source) {
        Env env = ctx.env;
        var defs = new ArrayList<MenuDef>();
        for (Object o : ctx.items) if (o instanceof MenuDef d) defs.add(d);
        String spec = env.get("default");
        int defaultIndex = DefaultEntry.index(defs.stream().map(d -> new String[] {d.title(), d.id()}).toList(), spec);
        String tail = DefaultEntry.tail(spec);
        if (spec != null && !spec.isBlank() && defaultIndex < 0) {
            warn(source.file(), source.line(), "default '" + spec + "' names no menu entry: the first entry is used");
        }
        var items = new ArrayList<MenuItem>();
        String defaultId = null;
        int index = -1;
        for (Object o : ctx.items) {
            MenuItem item;
            boolean isDefault = false;
            if (o instanceof MenuDef d) {
                index++;
                isDefault = index == defaultIndex;
                item = stopped ? null : d.submenu() ? submenu(d, env, isDefault ? tail : null) : entry(d, env);
            } else if (o instanceof Nested n) {
                item = n.menu();
            } else {
                item = (MenuItem) o;
            }
            if (item != null) items.add(item);
            if (isDefault) {
                defaultId = idOf(item);
                if (defaultId == null) {
                    warn(source.file(), source.line(), "default entry '" + spec + "' is not bootable by lobos: the"
                            + " first entry is used");
                }
            }
        }
        String fallback = env.get("fallback");
        if (fallback != null && !fallback.isBlank()) {
            warn(source.file(), source.line(), "fallback=" + fallback + " is ignored: lobos does not boot another"
                    + " entry by itself when the default fails");
        }
        return new Menu(title, items, defaultId, timeout(env, source), null, false, source, List.of());
    }

    private static String idOf(MenuItem item) {
        return switch (item) {
            case null -> null;
            case BootEntry e -> e.id();
            case Menu m -> m.defaultId() != null ? m.defaultId() : m.entries().isEmpty() ? null
                    : m.entries().getFirst().id();
        };
    }

    /**
     * GRUB's {@code timeout}: seconds before the default boots; unset or negative waits forever.
     * {@code timeout_style} hidden or countdown only hides the menu during that wait (a key shows
     * it), so it does not change how long lobos waits.
     */
    private Duration timeout(Env env, Source source) {
        String value = env.get("timeout");
        if (value == null) return null;
        String v = value.strip();
        if (v.isEmpty() || !Character.isDigit(v.charAt(0))) {
            if (!v.startsWith("-")) {
                warn(source.file(), source.line(), "timeout '" + value + "' is not a number: lobos waits for a choice");
            }
            return null;
        }
        long seconds = TestExpression.strtoul(v);
        return seconds > Integer.MAX_VALUE ? null : Duration.ofSeconds(seconds);
    }

    private Menu submenu(MenuDef def, Env parent, String defaultTail) {
        Env env = parent.exportedOnly();
        if (defaultTail != null) env.set("default", defaultTail);
        Context child = new Context(env);
        String failure = runBody(def, child, new LoadedImage(), null);
        if (failure != null) warn(def.source(), "submenu '" + def.title() + "' ended early: " + failure);
        Menu menu = buildMenu(child, def.title(), def.source());
        if (menu.items().isEmpty()) {
            warn(def.source(), "submenu '" + def.title() + "' has no entries lobos can boot");
            return null;
        }
        return menu;
    }

    /** Runs an entry's body on a copy of the variables and turns what it loaded into an entry. */
    private MenuItem entry(MenuDef def, Env env) {
        Context child = new Context(env.copy());
        var state = new EntryState();
        var loaded = new LoadedImage();
        String failure = runBody(def, child, loaded, state);
        if (state.failure == null) state.failure = failure;
        String what = "entry '" + def.title() + "'";
        if (state.failure != null) {
            warn(def.source(), what + " skipped: " + state.failure);
            return null;
        }
        if (!child.items.isEmpty()) {
            Menu nested = buildMenu(child, def.title(), def.source());
            if (nested.items().size() == 1 && nested.items().getFirst() instanceof Menu only
                    && child.items.size() == 1) {
                nested = new Menu(def.title(), only.items(), only.defaultId(), only.timeout(), null, false,
                        def.source(), List.of());
            }
            return nested.items().isEmpty() ? null : nested;
        }
        if (loaded.kind == null) {
            String reason = loaded.special != null ? "it runs '" + loaded.special + "', which is not a kernel"
                    : state.messages.isEmpty() ? "it loads no kernel"
                    : "it loads no kernel (" + String.join("; ", state.messages) + ")";
            warn(def.source(), what + " is not listed: " + reason);
            return null;
        }
        return toEntry(def, loaded, state);
    }

    /**
     * Runs the body of a submenu or entry in {@code child} with its own command budget, and puts
     * everything back afterwards; returns why the body ended early, or null.
     */
    private String runBody(MenuDef def, Context child, LoadedImage loaded, EntryState state) {
        Context saved = context;
        List<String> savedArgs = positional;
        String savedFile = file;
        LoadedImage savedImage = image;
        EntryState savedEntry = entry;
        long savedSteps = steps;
        long savedLimit = limit;
        context = child;
        positional = def.positional();
        file = def.source().file();
        image = loaded;
        entry = state;
        limit = steps + MAX_ENTRY_STEPS;
        try {
            enter(def.source().line());
            try {
                runList(def.body());
            } finally {
                depth--;
            }
            return null;
        } catch (Return | Break e) {
            return null;
        } catch (ScriptError e) {
            return e.getMessage();
        } catch (Overrun e) {
            return "it ran more than " + MAX_ENTRY_STEPS + " commands (an endless loop?)";
        } catch (Stop e) {
            return "interpretation stopped";
        } finally {
            steps = savedSteps;
            limit = savedLimit;
            context = saved;
            positional = savedArgs;
            file = savedFile;
            image = savedImage;
            entry = savedEntry;
        }
    }

    private BootEntry toEntry(MenuDef def, LoadedImage loaded, EntryState state) {
        Devices.Location kernelAt = devices.locate(loaded.kernel.path(), loaded.kernel.root());
        String root = kernelAt.device();
        String kernel = relative(loaded.kernel, root);
        var initrds = loaded.initrds.stream().map(r -> relative(r, root)).toList();
        var modules = loaded.modules.stream()
                .map(r -> r.args().isEmpty() ? relative(r, root) : relative(r, root) + " " + r.args()).toList();
        String devicetree = loaded.devicetree == null ? null : relative(loaded.devicetree, root);
        var context = new PathContext(Devices.identity(devices.main()), devices.contextRoot(root), null, null);
        return new BootEntry(def.title(), uniqueId(def.id()), loaded.kind, kernel, initrds, loaded.cmdline,
                devicetree, modules, false, context, def.source(), state.messages);
    }

    /** A path without its device when that is the entry's root, else with it, as GRUB wrote it. */
    private String relative(LoadedImage.Ref ref, String root) {
        Devices.Location at = devices.locate(ref.path(), ref.root());
        boolean same = at.device().equals(root)
                || at.volume() != null && at.volume() == devices.byName(root);
        if (same) return at.path();
        return "(" + at.device() + ")" + at.path();
    }

    private String uniqueId(String wanted) {
        String id = wanted;
        for (int n = 2; !ids.add(id); n++) id = wanted + "#" + n;
        return id;
    }

    private LoadedImage.Ref ref(String path, String args) {
        String root = context.env.get("root");
        devices.locate(path, root); // rejects a malformed "(device" now, where it costs only this command
        return new LoadedImage.Ref(path, root, args == null ? "" : args);
    }

    /** A variable's values: none if unset or empty; several for $@ (and $* unquoted). */
    private List<String> values(String name) {
        switch (name) {
            case "#" -> {
                return List.of(Integer.toString(positional.size()));
            }
            case "@", "*" -> {
                if (name.equals("*")) return positional.isEmpty() ? List.of() : List.of(String.join(" ", positional));
                return positional;
            }
            default -> {
                if (Character.isDigit(name.charAt(0))) {
                    long n = TestExpression.strtoul(name.replaceFirst("^0+(?=\\d)", ""));
                    return n >= 1 && n <= positional.size() ? List.of(positional.get((int) n - 1)) : List.of();
                }
                String v = context.env.get(name);
                return v == null || v.isEmpty() ? List.of() : List.of(v);
            }
        }
    }

    // ---- bounds and warnings ----

    private void step(int line) {
        if (stopped) throw new Stop();
        if (++steps > limit) throw new Overrun();
        if ((steps & 0x3FF) == 0 && System.nanoTime() > deadline) {
            stopped = true;
            warn(file, line, "stopped after " + TIME_LIMIT_NANOS / 1_000_000_000 + " seconds: the rest is ignored");
            throw new Stop();
        }
    }

    private void enter(int line) {
        if (++depth > MAX_DEPTH) {
            depth--;
            throw new ScriptError("nested deeper than " + MAX_DEPTH + " levels (endless recursion or source loop?)");
        }
    }

    private void report(ScriptError e, int line) {
        if (entry != null) {
            entry.messages.add(file + ":" + line + ": " + e.getMessage());
            if (e.costsEntry && entry.failure == null) entry.failure = e.getMessage() + " (line " + line + ")";
            return;
        }
        warn(file, line, e.getMessage());
    }

    private void warn(String where, int line, String message) {
        warn(new Warning(new Source(where, line), message));
    }

    private void warn(Source source, String message) {
        warn(new Warning(source, message));
    }

    private void warn(Warning w) {
        if (!warned.add(w)) return; // a loop or recursion repeats the same problem
        if (warnings.size() < MAX_WARNINGS) warnings.add(w);
        else if (warnings.size() == MAX_WARNINGS) warnings.add(new Warning(w.source(), "more warnings not shown"));
    }
}
