package lobos.config.grub;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lobos.config.Menu;
import lobos.config.Source;
import lobos.config.Volume;
import lobos.config.Warning;

/**
 * Runs a grub.cfg the way GRUB's normal mode does, but without side effects, and builds the menu
 * GRUB would show. The script runs first (variables, functions, {@code search}, {@code load_env},
 * {@code source}...) and records each {@code menuentry}/{@code submenu} with its body
 * ({@link GrubItem}). Then {@link GrubMenus} runs each body, as GRUB does when an entry is chosen,
 * against the variables as the script left them, each on its own copy, and what it loads
 * ({@code linux}, {@code initrd}, {@code multiboot}...) becomes a boot entry. The commands
 * themselves are a table ({@link GrubBuiltins}).
 *
 * <p>Every loop, recursion and file inclusion is bounded ({@link GrubLimits}: steps, nesting
 * depth, time); when a bound is hit lobos stops interpreting and keeps what it has, with a warning.
 */
final class GrubInterpreter {
    static final int MAX_VALUE = GrubLimits.DEFAULT.valueLength();
    static final int MAX_ARGS = GrubLimits.DEFAULT.args();

    /** A menu context: variables and the items defined so far. */
    static final class Context {
        final Env env;
        final List<GrubItem> items = new ArrayList<>();

        Context(Env env) {
            this.env = env;
        }
    }

    /** Problems met while an entry's body runs. */
    static final class EntryState {
        final List<String> messages = new ArrayList<>();
        String failure;
    }

    static final class Break extends RuntimeException {
        int levels;
        final boolean isContinue;

        Break(int levels, boolean isContinue) {
            super(null, null, false, false);
            this.levels = levels;
            this.isContinue = isContinue;
        }
    }

    static final class Return extends RuntimeException {
        final int status;

        Return(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    /** Stops all interpretation: the time is up, or the script ran {@code exit}. */
    static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /** The script, a submenu or an entry ran more commands than it may: it ends there. */
    static final class Overrun extends RuntimeException {
        Overrun() {
            super(null, null, false, false);
        }
    }

    final Devices devices;
    final GrubPlatform platform;
    final GrubLimits limits;
    final Lookups lookups;
    final GrubMenus menus;
    final Map<String, Node.Function> functions = new HashMap<>();
    private final Map<Node.Function, String> functionFiles = new IdentityHashMap<>();
    private final Map<String, GrubParser.Result> parsedFiles = new HashMap<>();
    /** Boot Loader Spec directories blscfg read, by path: files do not change while lobos reads a config. */
    final Map<String, lobos.config.bls.BlsEntries.Loaded> blsDirectories = new HashMap<>();
    private final List<Warning> warnings = new ArrayList<>();
    private final Set<Warning> warned = new HashSet<>();
    private final long deadline;
    private long steps;
    private long limit;
    private int depth;
    int loops;
    private int itemCount;
    boolean stopped;
    /** The line of the command running now, for warnings given by lookups. */
    private int line;

    Context context;
    List<String> positional = List.of();
    String file;
    LoadedImage image = new LoadedImage();
    EntryState entry;

    GrubInterpreter(Volume volume, List<Volume> others, GrubPlatform platform, GrubLimits limits) {
        this.devices = new Devices(volume, others);
        this.platform = platform;
        this.limits = limits;
        this.limit = limits.steps();
        this.deadline = System.nanoTime() + limits.time().toNanos();
        this.lookups = new Lookups(devices, this::setVariable, message -> report(new ScriptError(message), line),
                deadline);
        this.menus = new GrubMenus(this);
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
            warn(file, 0, "stopped after " + limits.steps() + " commands (an endless loop?): the rest of the script"
                    + " is ignored");
        }
        limit = steps + limits.steps(); // building the menu runs the entries' bodies
        Source source = new Source(rel, 0);
        Menu menu = menus.build(context, null, source);
        if (menu.items().size() == 1 && context.items.size() == 1
                && context.items.getFirst() instanceof GrubItem.Nested) {
            menu = (Menu) menu.items().getFirst(); // a config that only hands over to another (an EFI stub)
        }
        return new Menu(menu.title(), menu.items(), menu.defaultId(), menu.timeout(), null, false, source, warnings);
    }

    // ---- statements ----

    void runFile(Devices.Location where, String text) {
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

    int runList(List<Node> nodes) {
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
            items = Expansion.expand(f.items(), this::values, n -> steps += n, limits);
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
        line = c.line();
        try {
            List<String> argv = Expansion.expand(c.words(), this::values, n -> steps += n, limits);
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

    /**
     * GRUB's order: a command, else a function, else {@code name=value}, else an unknown command.
     * No command or function name holds a '=', so an assignment is recognised first.
     */
    private int dispatch(String name, List<String> args, Node.Command c) {
        int eq = name.indexOf('=');
        if (eq > 0) {
            setVariable(name.substring(0, eq), name.substring(eq + 1));
            return 0;
        }
        if (GrubCommands.isSilent(name)) return 0;
        GrubBuiltins.Builtin builtin = GrubBuiltins.get(name);
        if (builtin != null) return builtin.run(this, args, c);
        Node.Function f = functions.get(name);
        if (f != null) return call(f, args);
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

    void setVariable(String name, String value) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0)) || name.equals("#") || name.equals("*")
                || name.equals("@")) {
            throw new ScriptError("invalid variable name '" + name + "'");
        }
        if (value.length() > limits.valueLength()) {
            throw new ScriptError("value of '" + name + "' is longer than " + limits.valueLength() / 1024 + " KiB");
        }
        context.env.set(name, value);
    }

    /** Parses and runs text given to {@code eval} (or an entry's {@code --source}) at {@code line}. */
    int eval(String text, int at) {
        GrubParser.Result parsed = GrubParser.parse(text, at);
        for (var e : parsed.errors()) report(new ScriptError("eval: syntax error: " + e.message()), e.line());
        return runList(parsed.statements());
    }

    void addItem(GrubItem item) {
        if (++itemCount > limits.items()) throw new ScriptError("more than " + limits.items() + " menu entries");
        context.items.add(item);
    }

    /** SUSE's GRUB reads paths inside the btrfs subvolume named by $btrfs_subvol. */
    String subvolume() {
        return context.env.get("btrfs_subvol");
    }

    // ---- files: source, configfile ----

    void include(List<String> args, boolean newContext, int at) {
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
        Menu menu = menus.build(child, null, new Source(devices.display(where), 0));
        if (!menu.items().isEmpty()) addItem(new GrubItem.Nested(menu));
        else warn(file, at, "configfile " + devices.display(where) + " defines no entries lobos can boot");
    }

    /**
     * Runs the body of a submenu or entry in {@code child} with its own command budget, and puts
     * everything back afterwards; returns why the body ended early, or null.
     */
    String runBody(GrubItem.Definition def, Context child, LoadedImage loaded, EntryState state) {
        Context saved = context;
        List<String> savedArgs = positional;
        String savedFile = file;
        LoadedImage savedImage = image;
        EntryState savedEntry = entry;
        long savedLimit = limit;
        context = child;
        positional = def.positional();
        file = def.source().file();
        image = loaded;
        entry = state;
        // a body's commands count against its own budget and against the one it runs under
        // (building the menu, or the script for a configfile menu): the whole menu stays bounded
        limit = Math.min(steps + limits.entrySteps(), savedLimit);
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
            if (steps < savedLimit) return "it ran more than " + limits.entrySteps() + " commands (an endless loop?)";
            stopped = true;
            warn(def.source(), "stopped after " + limits.steps() + " commands building the menu: the entries from"
                    + " here on are not read");
            return "interpretation stopped";
        } catch (Stop e) {
            return "interpretation stopped";
        } finally {
            limit = savedLimit;
            context = saved;
            positional = savedArgs;
            file = savedFile;
            image = savedImage;
            entry = savedEntry;
        }
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

    /** Counts a command against the budget and checks the clock: on every step, so that nothing runs past the time. */
    private void step(int at) {
        if (stopped) throw new Stop();
        if (++steps > limit) throw new Overrun();
        if (System.nanoTime() - deadline > 0) {
            stopped = true;
            warn(file, at, "stopped after " + limits.time().toSeconds() + " seconds: the rest is ignored");
            throw new Stop();
        }
    }

    private void enter(int at) {
        if (++depth > limits.depth()) {
            depth--;
            throw new ScriptError("nested deeper than " + limits.depth() + " levels (endless recursion or source loop?)");
        }
    }

    void report(ScriptError e, int at) {
        if (entry != null) {
            entry.messages.add(file + ":" + at + ": " + e.getMessage());
            if (e.costsEntry && entry.failure == null) entry.failure = e.getMessage() + " (line " + at + ")";
            return;
        }
        warn(file, at, e.getMessage());
    }

    void warn(String where, int at, String message) {
        warn(new Warning(new Source(where, at), message));
    }

    void warn(Source source, String message) {
        warn(new Warning(source, message));
    }

    void warn(Warning w) {
        if (!warned.add(w)) return; // a loop or recursion repeats the same problem
        if (warnings.size() < limits.warnings()) warnings.add(w);
        else if (warnings.size() == limits.warnings()) warnings.add(new Warning(w.source(), "more warnings not shown"));
    }
}
