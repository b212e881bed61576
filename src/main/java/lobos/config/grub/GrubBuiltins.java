package lobos.config.grub;

import java.util.List;
import java.util.Map;
import lobos.config.BootEntry;
import lobos.config.Source;

/**
 * The GRUB commands lobos carries out, as a table from name to handler. A handler gets the
 * interpreter, the expanded arguments and the command (for its line and block) and returns
 * GRUB's status (0 is success); it throws {@link ScriptError} where GRUB would print an error.
 * Commands that only change the screen are in {@link GrubCommands} instead.
 */
final class GrubBuiltins {
    private GrubBuiltins() {}

    @FunctionalInterface
    interface Builtin {
        int run(GrubInterpreter in, List<String> args, Node.Command c);
    }

    private static final Map<String, Builtin> TABLE = Map.ofEntries(
            Map.entry("set", GrubBuiltins::set),
            Map.entry("unset", GrubBuiltins::unset),
            Map.entry("export", GrubBuiltins::export),
            Map.entry("true", (in, args, c) -> 0),
            Map.entry("false", (in, args, c) -> 1),
            Map.entry("[", GrubBuiltins::test),
            Map.entry("test", GrubBuiltins::test),
            Map.entry("source", (in, args, c) -> include(in, args, false, c)),
            Map.entry(".", (in, args, c) -> include(in, args, false, c)),
            Map.entry("configfile", (in, args, c) -> include(in, args, true, c)),
            Map.entry("normal", (in, args, c) -> args.isEmpty() ? 0 : include(in, args, true, c)),
            Map.entry("eval", (in, args, c) -> in.eval(String.join(" ", args), c.line())),
            Map.entry("return", GrubBuiltins::doReturn),
            Map.entry("break", (in, args, c) -> loopControl(in, args, false)),
            Map.entry("continue", (in, args, c) -> loopControl(in, args, true)),
            Map.entry("shift", GrubBuiltins::shift),
            Map.entry("setparams", (in, args, c) -> {
                in.positional = List.copyOf(args);
                return 0;
            }),
            Map.entry("menuentry", (in, args, c) -> define(in, false, args, c)),
            Map.entry("submenu", (in, args, c) -> define(in, true, args, c)),
            Map.entry("search", (in, args, c) -> in.lookups.search("search", args)),
            Map.entry("search.fs_uuid", (in, args, c) -> in.lookups.search("search.fs_uuid", args)),
            Map.entry("search.fs_label", (in, args, c) -> in.lookups.search("search.fs_label", args)),
            Map.entry("search.file", (in, args, c) -> in.lookups.search("search.file", args)),
            Map.entry("search.fs_file", (in, args, c) -> in.lookups.search("search.fs_file", args)),
            Map.entry("probe", (in, args, c) -> in.lookups.probe(args)),
            Map.entry("regexp", (in, args, c) -> in.lookups.regexp(args)),
            Map.entry("load_env", (in, args, c) -> {
                GrubFiles.loadEnv(in, args, c.line());
                return 0;
            }),
            Map.entry("blscfg", (in, args, c) -> {
                GrubFiles.blscfg(in, args, c.line());
                return 0;
            }),
            Map.entry("bls_import", (in, args, c) -> {
                GrubFiles.blscfg(in, args, c.line());
                return 0;
            }),
            Map.entry("linux", (in, args, c) -> linux(in, "linux", args)),
            Map.entry("linux16", (in, args, c) -> linux(in, "linux16", args)),
            Map.entry("linuxefi", (in, args, c) -> linux(in, "linuxefi", args)),
            Map.entry("initrd", (in, args, c) -> initrd(in, "initrd", args)),
            Map.entry("initrd16", (in, args, c) -> initrd(in, "initrd16", args)),
            Map.entry("initrdefi", (in, args, c) -> initrd(in, "initrdefi", args)),
            Map.entry("multiboot", (in, args, c) -> multiboot(in, BootEntry.Kind.MULTIBOOT, "multiboot", args)),
            Map.entry("multiboot2", (in, args, c) -> multiboot(in, BootEntry.Kind.MULTIBOOT2, "multiboot2", args)),
            Map.entry("module", (in, args, c) -> module(in, "module", args)),
            Map.entry("module2", (in, args, c) -> module(in, "module2", args)),
            Map.entry("devicetree", GrubBuiltins::devicetree),
            Map.entry("chainloader", GrubBuiltins::chainloader),
            Map.entry("boot", GrubBuiltins::boot),
            Map.entry("fwsetup", (in, args, c) -> special(in, "fwsetup", args)),
            Map.entry("reboot", (in, args, c) -> special(in, "reboot", args)),
            Map.entry("halt", (in, args, c) -> special(in, "halt", args)),
            Map.entry("exit", (in, args, c) -> special(in, "exit", args)),
            Map.entry("cpuid", GrubBuiltins::cpuid),
            Map.entry("increment", (in, args, c) -> count(in, "increment", args, 1)),
            Map.entry("decrement", (in, args, c) -> count(in, "decrement", args, -1)),
            // no key is held, no hardware is matched
            Map.entry("keystatus", (in, args, c) -> 1),
            Map.entry("hwmatch", (in, args, c) -> 1),
            Map.entry("smbios", (in, args, c) -> 1));

    /** The handler of a command lobos implements, or null. */
    static Builtin get(String name) {
        return TABLE.get(name);
    }

    private static int set(GrubInterpreter in, List<String> args, Node.Command c) {
        if (args.isEmpty()) return 0;
        int eq = args.getFirst().indexOf('=');
        if (eq < 0) throw new ScriptError("set: '" + args.getFirst() + "' is not an assignment");
        in.setVariable(args.getFirst().substring(0, eq), args.getFirst().substring(eq + 1));
        return 0;
    }

    private static int unset(GrubInterpreter in, List<String> args, Node.Command c) {
        if (args.isEmpty()) throw new ScriptError("unset: a variable name is expected");
        in.context.env.unset(args.getFirst());
        return 0;
    }

    private static int export(GrubInterpreter in, List<String> args, Node.Command c) {
        if (args.isEmpty()) throw new ScriptError("export: a variable name is expected");
        for (String a : args) in.context.env.export(a);
        return 0;
    }

    private static int test(GrubInterpreter in, List<String> args, Node.Command c) {
        return TestExpression.evaluate(args, GrubFiles.tests(in)) ? 0 : 1;
    }

    private static int include(GrubInterpreter in, List<String> args, boolean newContext, Node.Command c) {
        in.include(args, newContext, c.line());
        return 0;
    }

    private static int doReturn(GrubInterpreter in, List<String> args, Node.Command c) {
        String value = args.isEmpty() ? in.context.env.get("?") : args.getFirst();
        throw new GrubInterpreter.Return(value == null ? 0 : (int) Math.min(Integer.MAX_VALUE,
                TestExpression.strtoul(value)));
    }

    private static int loopControl(GrubInterpreter in, List<String> args, boolean isContinue) {
        long n = args.isEmpty() ? 1 : TestExpression.strtoul(args.getFirst());
        if (n <= 0) throw new ScriptError("can't " + (isContinue ? "continue" : "break") + " 0 loops");
        if (in.loops == 0) return 0;
        throw new GrubInterpreter.Break((int) Math.min(n, in.loops), isContinue);
    }

    private static int shift(GrubInterpreter in, List<String> args, Node.Command c) {
        long n = args.isEmpty() ? 1 : TestExpression.strtoul(args.getFirst());
        if (n > in.positional.size()) throw new ScriptError("shift: not enough arguments");
        in.positional = in.positional.subList((int) n, in.positional.size());
        return 0;
    }

    private static final List<GrubOptions.Spec> ENTRY_OPTIONS = List.of(
            new GrubOptions.Spec("class", (char) 0, GrubOptions.Arg.REQUIRED),
            new GrubOptions.Spec("users", (char) 0, GrubOptions.Arg.OPTIONAL),
            new GrubOptions.Spec("hotkey", (char) 0, GrubOptions.Arg.REQUIRED),
            new GrubOptions.Spec("source", (char) 0, GrubOptions.Arg.REQUIRED),
            new GrubOptions.Spec("id", (char) 0, GrubOptions.Arg.REQUIRED),
            new GrubOptions.Spec("unrestricted", (char) 0, GrubOptions.Arg.NONE));

    /** {@code menuentry}/{@code submenu}: recorded with its body, which runs when the menu is built. */
    private static int define(GrubInterpreter in, boolean submenu, List<String> args, Node.Command c) {
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
        in.addItem(new GrubItem.Definition(title, id, parsed.operands(), body, new Source(in.file, c.line()),
                submenu));
        return 0;
    }

    private static int linux(GrubInterpreter in, String name, List<String> args) {
        if (args.isEmpty()) throw new ScriptError(name + ": a file name is expected");
        in.image.load(BootEntry.Kind.LINUX, ref(in, args.getFirst(), null),
                LoadedImage.cmdline(args.subList(1, args.size())));
        return 0;
    }

    private static int initrd(GrubInterpreter in, String name, List<String> args) {
        if (in.image.kind != BootEntry.Kind.LINUX) throw new ScriptError(name + ": load the kernel first");
        if (args.isEmpty()) throw new ScriptError(name + ": a file name is expected");
        in.image.initrds = args.stream().map(a -> ref(in, a, null)).toList();
        return 0;
    }

    private static int multiboot(GrubInterpreter in, BootEntry.Kind kind, String name, List<String> args) {
        List<String> rest = args;
        while (!rest.isEmpty() && rest.getFirst().startsWith("--quirk-")) rest = rest.subList(1, rest.size());
        if (rest.isEmpty()) throw new ScriptError(name + ": a file name is expected");
        in.image.load(kind, ref(in, rest.getFirst(), null), LoadedImage.cmdline(rest.subList(1, rest.size())));
        return 0;
    }

    private static int module(GrubInterpreter in, String name, List<String> args) {
        if (in.image.kind != BootEntry.Kind.MULTIBOOT && in.image.kind != BootEntry.Kind.MULTIBOOT2) {
            throw new ScriptError(name + ": load the multiboot kernel first");
        }
        List<String> rest = args;
        if (!rest.isEmpty() && rest.getFirst().equals("--nounzip")) rest = rest.subList(1, rest.size());
        if (rest.isEmpty()) throw new ScriptError(name + ": a file name is expected");
        in.image.modules.add(ref(in, rest.getFirst(), LoadedImage.cmdline(rest.subList(1, rest.size()))));
        return 0;
    }

    private static int devicetree(GrubInterpreter in, List<String> args, Node.Command c) {
        if (args.isEmpty()) throw new ScriptError("devicetree: a file name is expected");
        in.image.devicetree = ref(in, args.getFirst(), null);
        return 0;
    }

    private static int chainloader(GrubInterpreter in, List<String> args, Node.Command c) {
        List<String> rest = args;
        while (!rest.isEmpty() && rest.getFirst().startsWith("--")) rest = rest.subList(1, rest.size());
        if (rest.isEmpty()) throw new ScriptError("chainloader: a file name is expected");
        in.image.load(BootEntry.Kind.CHAINLOAD, ref(in, rest.getFirst(), null),
                LoadedImage.cmdline(rest.subList(1, rest.size())));
        return 0;
    }

    /** {@code boot} outside an entry: what the script loaded becomes an entry of its own. */
    private static int boot(GrubInterpreter in, List<String> args, Node.Command c) {
        if (in.entry == null && in.image.kind != null) {
            in.addItem(new GrubItem.Booted(in.menus.booted(in.image, new Source(in.file, c.line()))));
            in.image = new LoadedImage();
        }
        return 0;
    }

    /** fwsetup, reboot, halt and exit make an entry something other than a kernel lobos can load. */
    private static int special(GrubInterpreter in, String name, List<String> args) {
        if (name.equals("fwsetup") && args.contains("--is-supported")) return 1;
        if (in.entry != null) {
            in.image.special = name;
            throw new GrubInterpreter.Return(0);
        }
        if (name.equals("exit")) throw new GrubInterpreter.Stop();
        return 1;
    }

    private static int cpuid(GrubInterpreter in, List<String> args, Node.Command c) {
        boolean asks = args.contains("-l") || args.contains("--long-mode") || args.contains("-p")
                || args.contains("--pae");
        return asks ? (in.platform.cpu().equals("x86_64") ? 0 : 1) : 0;
    }

    private static int count(GrubInterpreter in, String name, List<String> args, int by) {
        if (args.isEmpty()) throw new ScriptError(name + ": a variable name is expected");
        String v = in.context.env.get(args.getFirst());
        long n = v == null ? 0 : v.startsWith("-") ? -TestExpression.strtoul(v.substring(1)) : TestExpression.strtoul(v);
        in.setVariable(args.getFirst(), Long.toString(n + by));
        return 0;
    }

    /** A file a loader command names, with the {@code $root} it is read from. */
    private static LoadedImage.Ref ref(GrubInterpreter in, String path, String args) {
        String root = in.context.env.get("root");
        in.devices.locate(path, root); // rejects a malformed "(device" now, where it costs only this command
        return new LoadedImage.Ref(path, root, args == null ? "" : args);
    }
}
