package lobos.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.Json;
import lobos.LobosException;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.fetch.Progress;
import lobos.fetch.ReplacingFile;
import lobos.path.Location;
import lobos.path.ParsedPath;
import lobos.path.PathParser;
import lobos.path.PathResolver;
import lobos.storage.DeviceTable;

/**
 * The boot shell's language (kboot paper, section 3.3), one line at a time, in kboot's order:
 * a label or variable (expanded and booted), a kernel path with its arguments ({@code initrd=},
 * {@code root=}, the rest is the command line), an internal command, a command the loader adds
 * ({@code net}, {@code dhcp}), else a program, with generalized paths among its arguments
 * replaced by where the files are. Errors are one line; nothing a user types ends the session
 * except {@code exit} and {@code menu}.
 */
public final class Interpreter {
    /** What the session does after a line. */
    public enum Next { STAY, MENU, EXIT }

    /** Boots an entry: loads it (Ctrl-C cancels), starts it; returns only if that failed, having said why. */
    public interface Booter {
        void boot(BootEntry entry);
    }

    /** Runs a program with the session's terminal; {@code root} is where to chroot, or null for the loader. */
    public interface Runner {
        int run(List<String> argv, Path root) throws IOException, InterruptedException;
    }

    static final Map<String, String> COMMANDS = commands();
    private static final int MAX_EXPANSIONS = 16;
    private static final long MAX_CAT = 64L << 20;
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\{([A-Za-z_][A-Za-z0-9_]*)}|([A-Za-z_][A-Za-z0-9_]*))");

    private final Loader loader;
    private final Access access;
    private final PrintWriter out;
    private final Booter booter;
    private final Runner runner;
    private final Map<String, String> variables = new TreeMap<>();
    private Location cwd = new Location.Loader("/");
    private int status;

    public Interpreter(Loader loader, Access access, PrintWriter out, Booter booter, Runner runner) {
        this.loader = loader;
        this.access = access;
        this.out = out;
        this.booter = booter;
        this.runner = runner;
    }

    private static Map<String, String> commands() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("boot", "boot [LABEL | KERNEL [initrd=F] [root=R] [ARGS]]   boot it; no argument: the default entry");
        c.put("menu", "menu                  back to the boot menu");
        c.put("list", "list [--json]         the menu's entries: id, title, kernel, origin");
        c.put("cd", "cd [PATH]             change the current directory (default //)");
        c.put("pwd", "pwd                   print the current directory");
        c.put("ls", "ls [PATH]             list a directory: local, device, NFS, HTTP index, FTP, SFTP");
        c.put("cat", "cat PATH              print a file");
        c.put("fetch", "fetch PATH [DEST]     copy a file into the loader (default: the current directory)");
        c.put("devices", "devices [--json]      disks and partitions with file system, UUID, label");
        c.put("set", "set [NAME=VALUE]      set a variable (a label for this session); no argument: list them");
        c.put("unset", "unset NAME            remove a variable");
        c.put("log", "log                   what the loader logged");
        c.put("dmesg", "dmesg                 the kernel's log");
        c.put("help", "help                  this text");
        c.put("reboot", "reboot                restart the machine through the firmware");
        c.put("poweroff", "poweroff              turn the machine off");
        c.put("exit", "exit                  leave the shell (on the console: back to the menu)");
        return c;
    }

    public Location cwd() {
        return cwd;
    }

    public Map<String, String> variables() {
        return java.util.Collections.unmodifiableMap(variables);
    }

    /** The exit status of the last line: 0 done, 1 failed or refused (an SSH exec channel returns it). */
    public int status() {
        return status;
    }

    /** Runs one line; never throws (every failure becomes one line on {@code out}). */
    public Next run(String line) {
        failed = false;
        Next next = Next.STAY;
        try {
            next = execute(line.strip());
        } catch (LobosException e) {
            fail("lobos: " + e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
        } catch (IOException | IllegalArgumentException e) {
            fail("lobos: " + e.getMessage());
        } catch (InterruptedException e) {
            fail("lobos: interrupted");
        } catch (OutOfMemoryError e) {
            fail("lobos: out of memory (" + e.getMessage() + "); the loader goes on");
        } catch (RuntimeException | StackOverflowError e) {
            fail("lobos: internal error: " + e + " (please report it)");
        }
        status = failed ? 1 : 0;
        out.flush();
        return next;
    }

    /** Set by what fails without throwing (a refusal, a failed boot, a program's non-zero status). */
    private boolean failed;

    private void fail(String message) {
        out.println(message);
        failed = true;
    }

    private Next execute(String line) throws IOException, InterruptedException {
        if (line.isEmpty() || line.startsWith("#")) return Next.STAY;
        List<String> words = Words.split(expand(line));
        if (words.isEmpty()) return Next.STAY;
        String first = words.getFirst();
        List<String> args = words.subList(1, words.size());

        // 1. a label or variable
        Optional<BootEntry> labelled = labelled(words);
        if (labelled.isPresent()) {
            boot(labelled.get(), args.isEmpty());
            return Next.STAY;
        }
        // 2. a kernel path with arguments (refused before anything is mounted to look at it)
        if (looksLikePath(first) && refused("typing a kernel path")) return Next.STAY;
        if (looksLikePath(first) && isKernel(first, args)) {
            boot(typed(words), false);
            return Next.STAY;
        }
        // 3. internal commands, 4. the loader's
        if (COMMANDS.containsKey(first)) return internal(first, args);
        Loader.Command extra = loader.commands().get(first);
        if (extra != null) {
            if (refused(first)) return Next.STAY;
            int code = extra.run(args, out);
            if (code != 0) fail("lobos: " + first + " ended with status " + code);
            return Next.STAY;
        }
        // 5. a program
        if (refused("running programs")) return Next.STAY;
        program(words);
        return Next.STAY;
    }

    private Next internal(String command, List<String> args) throws IOException, InterruptedException {
        boolean restrictedOk = switch (command) {
            case "boot", "menu", "list", "help", "exit" -> true;
            default -> false;
        };
        if (!restrictedOk && refused(command)) return Next.STAY;
        switch (command) {
            case "boot" -> bootCommand(args);
            case "menu" -> {
                return Next.MENU;
            }
            case "exit" -> {
                return Next.EXIT;
            }
            case "list" -> list(args.contains("--json"));
            case "help" -> help();
            case "cd" -> cd(args.isEmpty() ? "//" : args.getFirst());
            case "pwd" -> out.println(cwd.text());
            case "ls" -> {
                for (String name : loader.locator().list(resolve(args.isEmpty() ? "." : args.getFirst()))) {
                    out.println(name);
                }
            }
            case "cat" -> cat(need(args, "cat PATH"));
            case "fetch" -> fetch(need(args, "fetch PATH [DEST]"), args.size() > 1 ? args.get(1) : null);
            case "devices" -> {
                if (args.contains("--json")) out.print(Json.write(loader.devices()));
                else out.print(DeviceTable.format(loader.devices()));
            }
            case "set" -> set(args);
            case "unset" -> variables.remove(need(args, "unset NAME"));
            case "log" -> loader.log().forEach(out::println);
            case "dmesg" -> loader.dmesg().forEach(out::println);
            case "reboot" -> {
                out.flush();
                loader.reboot();
            }
            case "poweroff" -> {
                out.flush();
                loader.poweroff();
            }
            default -> throw new IllegalStateException("no code for " + command);
        }
        return Next.STAY;
    }

    // ---- booting

    /** The entry a first word names: a session variable, a kboot.conf label, or a menu entry's id. */
    private Optional<BootEntry> labelled(List<String> words) {
        String first = words.getFirst();
        if (variables.containsKey(first) || loader.conf().label(first).isPresent()) {
            String command = String.join(" ", words);
            for (int i = 0; i < MAX_EXPANSIONS; i++) {
                List<String> w = Words.split(command);
                String value = w.isEmpty() ? null : variables.get(w.getFirst());
                if (value == null) break;
                command = value + " " + String.join(" ", w.subList(1, w.size()));
            }
            Optional<BootEntry> entry = loader.conf().command(command.strip(), PathContext.NONE);
            if (entry.isEmpty()) throw new LobosException(first + " expands to nothing bootable", "set shows the variables");
            return entry.map(e -> e.withId(first));
        }
        Optional<BootEntry> fromMenu = loader.menu().entries().stream().filter(e -> e.id().equals(first)).findFirst();
        if (fromMenu.isEmpty() || words.size() == 1) return fromMenu;
        BootEntry e = fromMenu.get();
        String extra = String.join(" ", words.subList(1, words.size()));
        return Optional.of(MenuState.edited(e, e.kernel(), String.join(" ", e.initrds()),
                (e.cmdline() == null || e.cmdline().isEmpty() ? "" : e.cmdline() + " ") + extra));
    }

    private void boot(BootEntry entry, boolean asConfigured) {
        if (!asConfigured && refused("changing an entry's arguments")) return;
        for (String w : entry.warnings()) out.println("lobos: warning: " + w);
        out.flush();
        booter.boot(entry);
        failed = true; // a boot that returns did not start the kernel
    }

    private void bootCommand(List<String> args) throws IOException {
        if (args.isEmpty()) {
            BootEntry def = loader.menu().defaultEntry();
            if (def == null) {
                fail("lobos: no default entry; boot LABEL or boot KERNEL [ARGS]");
            } else {
                boot(def, true);
            }
            return;
        }
        Optional<BootEntry> labelled = labelled(args);
        if (labelled.isPresent()) {
            boot(labelled.get(), args.size() == 1);
        } else if (refused("typing a kernel path")) {
            return;
        } else {
            boot(typed(args), false);
        }
    }

    /** A typed kernel command, its relative paths made absolute against the current directory. */
    private BootEntry typed(List<String> words) {
        List<String> fixed = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (i == 0) {
                fixed.add(absolute(w));
            } else if (w.startsWith("initrd=")) {
                List<String> parts = new ArrayList<>();
                for (String p : w.substring(7).split(",")) parts.add(p.isEmpty() ? p : absolute(p));
                fixed.add("initrd=" + String.join(",", parts));
            } else {
                fixed.add(w);
            }
        }
        String command = String.join(" ", fixed.stream().map(Interpreter::quoteIfNeeded).toList());
        return loader.conf().command(command, PathContext.NONE).orElseThrow(() ->
                new LobosException("\"" + command + "\" is not a kernel to boot", "help shows the commands"));
    }

    private static String quoteIfNeeded(String w) {
        return w.contains(" ") ? "\"" + w + "\"" : w;
    }

    /** A path relative to the current directory, as absolute generalized path text. */
    private String absolute(String word) {
        ParsedPath parsed = PathParser.parse(word);
        Location bare = new PathResolver(resolver().context().withCwd(null)).resolve(parsed);
        if (!(bare instanceof Location.Relative)) return word;
        int hash = word.lastIndexOf("#sha256=");
        return resolver().resolve(parsed).text() + (hash < 0 ? "" : word.substring(hash));
    }

    /** Whether the first word is meant as a kernel: a URL, initrd=/root= arguments, or a file that is no program. */
    private boolean isKernel(String first, List<String> args) throws IOException {
        if (first.contains("://")) return true;
        if (args.stream().anyMatch(a -> a.startsWith("initrd=") || a.startsWith("root="))) return true;
        Location l = resolve(first);
        if (l instanceof Location.Url) return true;
        Path file;
        try {
            file = local(l);
        } catch (RuntimeException e) {
            return true; // not reachable now: let loading say why
        }
        return !Programs.isProgram(file, l.text()); // a missing file too: loading says it is missing
    }

    private static boolean looksLikePath(String word) {
        return word.contains("/") || word.contains(":");
    }

    // ---- files

    private Location resolve(String text) {
        return resolver().resolve(PathParser.parse(text));
    }

    private PathResolver resolver() {
        return new PathResolver(new PathResolver.Context(new TreeSet<>(variables.keySet()), loader.deviceNames(), cwd));
    }

    /** Where a file-system location is on this machine, mounting what it needs. */
    private Path local(Location l) {
        return loader.locator().local(l);
    }

    private void cd(String text) throws IOException {
        Location target = resolve(text);
        loader.locator().list(target); // throws if it is no directory
        cwd = target;
    }

    private void cat(String text) throws IOException {
        ParsedPath parsed = PathParser.parse(text);
        Location l = resolver().resolve(parsed);
        Path file = loader.locator().file(parsed, l, MAX_CAT, Progress.NONE);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes((int) MAX_CAT);
            out.print(new String(data, StandardCharsets.UTF_8));
            if (data.length > 0 && data[data.length - 1] != '\n') out.println();
        }
    }

    private void fetch(String text, String destText) throws IOException {
        ParsedPath parsed = PathParser.parse(text);
        Location source = resolver().resolve(parsed);
        String name = lobos.fetch.Locator.fileName(source);
        Location dest = resolve(destText == null ? "." : destText);
        Path target = local(dest);
        if (Files.isDirectory(target)) target = target.resolve(name);
        long size;
        // as lobos fetch writes: a new part file (never through a link), renamed over the target when complete
        try (ReplacingFile part = ReplacingFile.beside(target)) {
            loader.locator().copy(parsed, source, part.channel(), Long.MAX_VALUE, Progress.NONE);
            size = part.channel().size();
            part.commit();
        }
        out.println(target + "  " + size + " bytes");
    }

    // ---- programs

    private void program(List<String> words) throws IOException, InterruptedException {
        String first = words.getFirst();
        Path root = null;
        Path program;
        if (!looksLikePath(first)) {
            program = Programs.inPath(first);
            if (program == null) {
                throw new LobosException(first + ": not a label, command or program", "help shows the commands");
            }
        } else {
            Location l = resolve(first);
            Path file = local(l);
            if (!Files.isRegularFile(file)) throw new LobosException(l.text() + ": no such file", "ls shows what is there");
            if (l instanceof Location.Booted(String path)) {
                root = loader.locator().local(new Location.Booted("/"));
                program = Path.of(path);
            } else if (l instanceof Location.DeviceFile(var device, String path)) {
                root = loader.locator().local(new Location.DeviceFile(device, "/"));
                program = Path.of(path);
            } else {
                program = file;
            }
        }
        List<String> argv = new ArrayList<>();
        argv.add(program.toString());
        for (String a : words.subList(1, words.size())) argv.add(substitute(a, root));
        int code = runner.run(argv, root);
        if (code != 0) fail("lobos: " + first + " ended with status " + code);
    }

    /** An argument that is a generalized path becomes the file's path here; others stay as typed. */
    private String substitute(String arg, Path root) throws IOException {
        boolean pathLike = arg.startsWith("/") || arg.contains(":/") || arg.contains("://")
                || arg.matches("(UUID|LABEL|PARTUUID|PARTLABEL)=[^:]*:.*");
        if (!pathLike) return arg;
        ParsedPath parsed;
        try {
            parsed = PathParser.parse(arg);
        } catch (LobosException e) {
            return arg;
        }
        Location l = resolver().resolve(parsed);
        if (root != null && l instanceof Location.Booted(String path)) return path; // already inside the chroot
        if (l instanceof Location.Url) return loader.locator().file(parsed, l, Long.MAX_VALUE, Progress.NONE).toString();
        Path here = local(l);
        if (root != null) {
            // a file outside the chroot cannot be reached from it
            if (!here.startsWith(root)) throw new LobosException(arg + " is outside " + root, "copy it in with fetch first");
            return "/" + root.relativize(here);
        }
        return here.toString();
    }

    // ---- the rest

    private void set(List<String> args) {
        if (args.isEmpty()) {
            variables.forEach((k, v) -> out.println(k + "=" + v));
            return;
        }
        String joined = String.join(" ", args);
        int eq = joined.indexOf('=');
        String name = eq < 0 ? args.getFirst() : joined.substring(0, eq);
        String value = eq < 0 ? String.join(" ", args.subList(1, args.size())) : joined.substring(eq + 1);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new LobosException("'" + name + "' is no variable name", "letters, digits and _, not first a digit");
        }
        variables.put(name, value);
    }

    private String expand(String line) {
        Matcher m = VARIABLE.matcher(line);
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2) : m.group(3);
            String value = variables.get(name);
            if (value == null) value = loader.conf().label(name).map(l -> l.command()).orElse(null);
            m.appendReplacement(s, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(s);
        return s.toString();
    }

    private void list(boolean json) {
        Menu menu = loader.menu();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("default", menu.defaultEntry() == null ? null : menu.defaultEntry().id());
            doc.put("timeoutSeconds", menu.timeout() == null ? null : menu.timeout().toMillis() / 1000.0);
            doc.put("restricted", menu.restricted() || loader.conf().restricted());
            doc.put("menu", menu);
            out.print(Json.write(doc));
            return;
        }
        BootEntry def = menu.defaultEntry();
        for (BootEntry e : menu.entries()) {
            if (e.hidden()) continue;
            out.println((def != null && def.id().equals(e.id()) ? "* " : "  ") + e.id() + "  " + e.title() + "  ["
                    + MenuRenderer.origin(e) + "]");
        }
    }

    private void help() {
        out.println("Type a label to boot it, or a kernel and its arguments:");
        out.println("  //boot/vmlinuz initrd=//boot/initrd.img root=/dev/sda1 console=ttyS0");
        out.println("Paths are generalized: //loader, /booted, sda1:/x, UUID=...:/x, host:/nfs, http://, ftp://, sftp://.");
        COMMANDS.values().forEach(h -> out.println("  " + h));
        loader.commands().forEach((name, c) -> out.println("  " + c.help()));
        out.println("Anything else runs as a program (busybox's, or one of the booted system's with chroot).");
        if (access.locked()) {
            out.println("Restricted: only these labels may be booted: " + String.join(" ", bootable()));
        }
    }

    private List<String> bootable() {
        return loader.menu().entries().stream().filter(e -> !e.hidden()).map(BootEntry::id).toList();
    }

    private boolean refused(String what) {
        if (!access.locked()) return false;
        fail(access.refusal(what) + "; labels: " + String.join(" ", bootable()));
        return true;
    }

    private static String need(List<String> args, String usage) {
        if (args.isEmpty()) throw new LobosException("missing argument", "usage: " + usage);
        return args.getFirst();
    }
}
