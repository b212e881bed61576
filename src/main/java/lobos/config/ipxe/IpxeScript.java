package lobos.config.ipxe;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import lobos.config.BootEntry;
import lobos.config.ConfigException;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import lobos.config.Source;
import lobos.config.TextLoader;
import lobos.config.Warning;

/**
 * Reads an iPXE script by running it in the abstract: commands that fetch and boot images
 * record what they would boot, {@code menu}/{@code item}/{@code choose} fork one run per item
 * (with the chosen item's name stored, as {@code choose} does), {@code goto} jumps, and
 * {@code isset}/{@code iseq} with {@code &&}/{@code ||}/{@code ;} decide as iPXE would from
 * the settings known here. Network and display commands (dhcp, echo, sleep, prompt...) do
 * nothing; {@code prompt} counts as timed out. Every run is bounded in steps, so loops end.
 *
 * <p>Settings that only exist on the client ({@code ${net0/mac}}, {@code ${ip}},
 * {@code ${uuid}}...) are left in the text as written, with a warning; settings nobody set
 * expand to nothing, as in iPXE.
 */
public final class IpxeScript {
    /** Commands run, over all forks, before lobos gives up on a script. */
    static final int MAX_STEPS = 100_000;
    /** Scripts chained into each other, and menus inside menus. */
    static final int MAX_DEPTH = 16;
    /** Longest expanded token: stops "set a ${a}${a}" in a loop from doubling without end. */
    static final int MAX_TOKEN = 64 * 1024;
    /** The file iPXE's EFI file system offers as all initrds at once (efi_file.c). */
    private static final String INITRD_MAGIC = "initrd.magic";
    /** Images held at once; iPXE's memory would give out long before. */
    static final int MAX_IMAGES = 256;

    /** Settings iPXE fills in from the client, its network card or DHCP. */
    private static final Set<String> CLIENT_SETTINGS = Set.of("mac", "ip", "netmask", "gateway", "dns", "domain",
            "hostname", "filename", "next-server", "root-path", "uuid", "serial", "manufacturer", "product",
            "asset", "board-serial", "platform", "buildarch", "version", "unixtime", "busid", "busloc", "bustype",
            "chip", "ifname", "ssid", "user-class", "syslog", "dhcp-server", "netX", "ip6", "mtu", "memsize",
            "username", "password", "initiator-iqn", "keep-san", "skip-san-boot", "scriptlet", "proxy");
    private static final Set<String> NO_OPS = Set.of("echo", "dhcp", "ifopen", "ifclose", "ifconf", "ifstat",
            "route", "sleep", "ntp", "nslookup", "ping", "sync", "imgstat", "show", "console", "colour", "cpair",
            "cpuid", "login", "params", "param", "vcreate", "vdestroy", "imgtrust", "imgverify", "certstat",
            "certstore", "certfree", "iflinkwait", "sanhook", "sanunhook", "fcstat", "fcels", "ibstat", "lotest",
            "pciscan", "time", "digest", "md5sum", "sha1sum", "imgdecrypt", "imgextract", "imgmem", "shim", "fdt",
            "nvo", "pxebs", "profstat", "ipstat", "neighbour", "nstat", "usbscan", "gdbstub", "iwlist", "iwstat");

    private final TextLoader loader;
    private final UnaryOperator<String> where;
    private final Map<String, String> settings;
    private final PathContext base;
    private final List<Warning> warnings = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final Map<String, Integer> nextSuffix = new HashMap<>();
    private final Set<String> warned = new HashSet<>();
    private int steps;
    private boolean gaveUp;

    private IpxeScript(TextLoader loader, UnaryOperator<String> where, Map<String, String> settings,
            PathContext base) {
        this.loader = loader;
        this.where = where;
        this.settings = settings;
        this.base = base == null ? PathContext.NONE : base;
    }

    /**
     * Reads a script into a menu.
     *
     * @param text     the script; it must start with {@code #!ipxe} (or {@code #!gpxe})
     * @param url      where it came from (a URL, or a path on a volume): relative names resolve
     *                 against it, and warnings name it
     * @param loader   reads chained scripts (by resolved URL or path)
     * @param where    turns a URL or path into the name warnings and sources show
     * @param settings settings the caller knows (e.g. {@code platform=efi}); may be empty
     * @param base     device of the entries' {@link PathContext}; its base URL is replaced by each script's
     * @throws ConfigException if the text is not an iPXE script
     */
    public static Menu parse(String text, String url, TextLoader loader, UnaryOperator<String> where,
            Map<String, String> settings, PathContext base) {
        Script script = Script.of(text, url);
        IpxeScript run = new IpxeScript(loader, where, settings == null ? Map.of() : settings, base);
        run.warnCut(script);
        Deque<Frame> frames = new ArrayDeque<>();
        frames.push(new Frame(url, -1));
        Optional<MenuItem> result = run.run(new State(script, 0, 0, new HashMap<>(), new ArrayList<>(), null),
                frames, 0).item();
        Source source = new Source(where.apply(url), 0);
        return switch (result.orElse(null)) {
            case Menu m -> new Menu(m.title(), m.items(), m.defaultId(), m.timeout(), m.message(), false, source,
                    run.warnings);
            case BootEntry e -> new Menu(null, List.of(e), e.id(), Duration.ZERO, null, false, source, run.warnings);
            case null -> {
                run.warnings.add(new Warning(source, "the script boots nothing lobos can see"));
                yield new Menu(null, List.of(), null, null, null, false, source, run.warnings);
            }
        };
    }

    /** An image fetched by kernel/initrd/imgfetch/module/chain. */
    record Image(String name, String uri, String args, String command, String baseUrl) {}

    /** Where a run is and what it holds; copied at every fork. */
    static final class State {
        Script script;
        int line;
        int segment;
        Map<String, String> vars;
        List<Image> images;
        Image selected;
        int rc;
        String title;
        String itemId;
        /** Dynamic menus by name ("" for the unnamed one): items and title. */
        Map<String, List<Item>> menus = new LinkedHashMap<>();
        Map<String, String> menuTitles = new HashMap<>();

        State(Script script, int line, int segment, Map<String, String> vars, List<Image> images, Image selected) {
            this.script = script;
            this.line = line;
            this.segment = segment;
            this.vars = vars;
            this.images = images;
            this.selected = selected;
        }

        State copy() {
            State s = new State(script, line, segment, new HashMap<>(vars), new ArrayList<>(images), selected);
            s.rc = rc;
            s.title = title;
            s.itemId = itemId;
            menus.forEach((k, v) -> s.menus.put(k, new ArrayList<>(v)));
            s.menuTitles.putAll(menuTitles);
            return s;
        }
    }

    /** A script being run further up: chained-from scripts and open menus, for loop detection. */
    record Frame(String url, int line) {}

    /**
     * How a run ended: with something to boot or a menu, by falling off the end or by {@code exit}
     * (both return to a script that chained this one; {@code status} is what its {@code chain}
     * then returns), or failed/stopped.
     */
    record Outcome(Optional<MenuItem> item, boolean fellThrough, boolean failed, int status) {
        static Outcome of(MenuItem item) {
            return new Outcome(Optional.of(item), false, false, 0);
        }

        /** iPXE's {@code exit [status]}: ends this script only (script.c; the shell stops this command sequence). */
        static Outcome exit(int status) {
            return new Outcome(Optional.empty(), true, false, status);
        }

        static final Outcome STOPPED = new Outcome(Optional.empty(), false, false, 0);
        static final Outcome END = new Outcome(Optional.empty(), true, false, 0);
        static final Outcome FAILED = new Outcome(Optional.empty(), false, true, 1);
    }

    /** Dynamic menus: {@code menu} names one, {@code item} fills it, {@code choose} shows it. */
    record Item(String name, String text, boolean isDefault) {}

    private Outcome run(State st, Deque<Frame> frames, int depth) {
        while (st.line < st.script.lines().size()) {
            if (++steps > MAX_STEPS) {
                if (!gaveUp) warn(st, "more than " + MAX_STEPS + " commands run (a loop?); stopped here");
                gaveUp = true;
                return Outcome.STOPPED;
            }
            List<Script.Segment> segments = st.script.lines().get(st.line).segments();
            boolean jumped = false;
            for (int s = st.segment; s < segments.size(); s++) {
                Script.Segment segment = segments.get(s);
                if (s > 0 && !runs(segment.op(), st.rc)) continue;
                List<String> tokens = segment.tokens();
                if (tokens.isEmpty()) {
                    st.rc = 0; // iPXE: an empty command does nothing, successfully
                    continue;
                }
                List<String> argv = new ArrayList<>();
                for (String t : tokens) argv.add(expand(t, st));
                String cmd = argv.getFirst();
                Step step = switch (cmd) {
                    case "goto" -> go(st, argv);
                    case "menu" -> {
                        Options o = Options.parse(argv, Map.of("name", 'n', "delete", 'd'), Set.of("name"));
                        String name = o.value("name", "");
                        st.menus.put(name, new ArrayList<>());
                        st.menuTitles.put(name, String.join(" ", o.args()));
                        if (o.has("delete")) st.menus.remove(name);
                        yield Step.ok();
                    }
                    case "item" -> {
                        Options o = Options.parse(argv, Map.of("menu", 'm', "key", 'k', "default", 'd', "gap", 'g'),
                                Set.of("menu", "key"));
                        List<Item> list = st.menus.computeIfAbsent(o.value("menu", ""), k -> new ArrayList<>());
                        List<String> a = o.args();
                        if (!o.has("gap") && !a.isEmpty()) {
                            String text = String.join(" ", a.subList(1, a.size()));
                            list.add(new Item(a.getFirst(), text, o.has("default")));
                        }
                        yield Step.ok();
                    }
                    case "choose" -> {
                        Options o = Options.parse(argv, Map.of("menu", 'm', "default", 'd', "timeout", 't',
                                "keep", 'k'), Set.of("menu", "default", "timeout"));
                        String name = o.value("menu", "");
                        st.segment = s;
                        yield Step.done(choose(st, frames, depth, o, st.menus.getOrDefault(name, List.of()),
                                st.menuTitles.get(name)));
                    }
                    default -> command(st, argv, frames, depth);
                };
                if (step.outcome != null) return step.outcome;
                st.rc = step.rc;
                if (step.jumpTo >= 0) {
                    st.line = step.jumpTo;
                    st.segment = 0;
                    jumped = true;
                    break;
                }
            }
            if (jumped) continue;
            if (st.rc != 0) return Outcome.FAILED; // iPXE ends a script at a failure no || handles
            st.line++;
            st.segment = 0;
        }
        return Outcome.END;
    }

    /** Whether a command after {@code op} runs, given the status of the one before (iPXE's rules). */
    private static boolean runs(String op, int rc) {
        return switch (op) {
            case "&&" -> rc == 0;
            case "||" -> rc != 0;
            default -> true;
        };
    }

    /** The result of one command: a status, a jump, or the end of this run. */
    record Step(int rc, int jumpTo, Outcome outcome) {
        static Step ok() {
            return new Step(0, -1, null);
        }

        static Step fail() {
            return new Step(1, -1, null);
        }

        static Step done(Outcome o) {
            return new Step(0, -1, o);
        }
    }

    private Step go(State st, List<String> argv) {
        if (argv.size() != 2) return Step.fail();
        int target = st.script.label(argv.get(1));
        if (target < 0) {
            warn(st, "goto " + argv.get(1) + ": no such label");
            return Step.fail();
        }
        return new Step(0, target, null);
    }

    private Step command(State st, List<String> argv, Deque<Frame> frames, int depth) {
        String cmd = argv.getFirst();
        switch (cmd) {
            case "set" -> {
                if (argv.size() < 2) return Step.fail();
                String value = String.join(" ", argv.subList(2, argv.size()));
                st.vars.put(argv.get(1), value.length() > MAX_TOKEN ? value.substring(0, MAX_TOKEN) : value);
                return Step.ok();
            }
            case "clear", "read" -> {
                if (argv.size() < 2) return Step.fail();
                st.vars.put(argv.get(1), "");
                return Step.ok();
            }
            case "inc" -> {
                if (argv.size() < 2) return Step.fail();
                long by = argv.size() > 2 ? parseLong(argv.get(2)) : 1;
                st.vars.put(argv.get(1), Long.toString(parseLong(st.vars.getOrDefault(argv.get(1), "0")) + by));
                return Step.ok();
            }
            case "isset" -> {
                return argv.size() == 2 && !argv.get(1).isEmpty() ? Step.ok() : Step.fail();
            }
            case "iseq" -> {
                return argv.size() == 3 && argv.get(1).equals(argv.get(2)) ? Step.ok() : Step.fail();
            }
            case "prompt" -> {
                return Step.fail(); // nobody presses a key: the prompt times out
            }
            case "exit" -> {
                long status = argv.size() > 1 ? parseLong(argv.get(1)) : 0;
                boolean topScript = frames.stream().filter(f -> f.line() < 0).count() <= 1;
                if (topScript && st.itemId != null) {
                    // a menu item that leaves iPXE: the firmware boots its next device ("Boot from local hdd")
                    Image firmware = new Image("exit", "exit", "", cmd, st.script.url());
                    BootEntry e = entry(st, firmware, BootEntry.Kind.CHAINLOAD, List.of());
                    List<String> notes = new ArrayList<>(e.warnings());
                    notes.add("exit leaves iPXE: the firmware boots its next boot device");
                    return Step.done(Outcome.of(new BootEntry(e.title(), e.id(), e.kind(), e.kernel(), e.initrds(),
                            e.cmdline(), e.devicetree(), e.modules(), e.hidden(), e.context(), e.source(), notes,
                            e.help(), e.sysappend())));
                }
                return Step.done(Outcome.exit(status == 0 ? 0 : 1));
            }
            case "shell", "reboot", "poweroff", "autoboot" -> {
                return Step.done(Outcome.STOPPED);
            }
            case "kernel", "imgselect", "imgload", "initrd", "imgfetch", "module" -> {
                Options o = Options.parse(argv, Map.of("name", 'n', "autofree", 'a', "replace", 'r', "timeout", 't'),
                        Set.of("name", "timeout"));
                if (o.args().isEmpty()) return Step.fail();
                if (st.images.size() >= MAX_IMAGES) {
                    warn(st, "more than " + MAX_IMAGES + " images fetched; " + cmd + " fails");
                    return Step.fail();
                }
                Image image = image(st, o, cmd);
                if (o.has("replace")) st.images.removeIf(i -> i.name().equals(image.name()));
                st.images.add(image);
                if (cmd.equals("kernel") || cmd.equals("imgselect") || cmd.equals("imgload")) st.selected = image;
                return Step.ok();
            }
            case "imgargs" -> {
                if (argv.size() < 2) return Step.fail();
                for (int i = 0; i < st.images.size(); i++) {
                    Image im = st.images.get(i);
                    if (im.name().equals(argv.get(1))) {
                        Image changed = new Image(im.name(), im.uri(), String.join(" ", argv.subList(2, argv.size())),
                                im.command(), im.baseUrl());
                        st.images.set(i, changed);
                        if (st.selected == im) st.selected = changed;
                        return Step.ok();
                    }
                }
                return Step.fail();
            }
            case "imgfree" -> {
                if (argv.size() > 1) st.images.removeIf(i -> i.name().equals(argv.get(1)));
                else st.images.clear();
                if (!st.images.contains(st.selected)) st.selected = null;
                return Step.ok();
            }
            case "boot", "imgexec" -> {
                Image kernel = st.selected;
                if (argv.size() > 1) {
                    kernel = st.images.stream().filter(i -> i.name().equals(argv.get(1))).findFirst().orElse(null);
                } else if (kernel == null && st.images.size() == 1) {
                    kernel = st.images.getFirst();
                }
                if (kernel == null) {
                    warn(st, cmd + ": no image to boot");
                    return Step.fail();
                }
                return Step.done(Outcome.of(entry(st, kernel)));
            }
            case "chain" -> {
                Options o = Options.parse(argv, Map.of("name", 'n', "autofree", 'a', "replace", 'r', "timeout", 't'),
                        Set.of("name", "timeout"));
                if (o.args().isEmpty()) return Step.fail();
                return chain(st, image(st, o, cmd), frames, depth);
            }
            case "sanboot" -> {
                // a SAN or local disk ("sanboot --drive 0x80"): handed back to the firmware
                Options o = Options.parse(argv, Map.of("drive", 'd', "no-describe", 'n', "keep", 'k', "filename",
                        'f', "extra", 'e', "label", 'l', "uuid", 'u'), Set.of("drive", "filename", "extra", "label",
                        "uuid"));
                String target = o.args().isEmpty() ? "sanboot" : o.args().getFirst();
                String args = String.join(" ", o.args().isEmpty() ? argv.subList(1, argv.size()) : List.of());
                Image san = new Image(target, target, args, cmd, st.script.url());
                return Step.done(Outcome.of(entry(st, san, BootEntry.Kind.CHAINLOAD, List.of())));
            }
            default -> {
                if (NO_OPS.contains(cmd)) return Step.ok();
                warn(st, "unknown command " + cmd + " (iPXE would stop the script here)");
                return Step.fail();
            }
        }
    }

    private Image image(State st, Options o, String cmd) {
        String uri = o.args().getFirst();
        String args = String.join(" ", o.args().subList(1, o.args().size()));
        String name = o.value("name", basename(uri));
        return new Image(name, uri, args, cmd, st.script.url());
    }

    /** A chained script runs in place (bounded); a chained image is booted. */
    private Step chain(State st, Image target, Deque<Frame> frames, int depth) {
        String url = resolve(st.script.url(), target.uri());
        Optional<String> text;
        try {
            text = url == null ? Optional.empty() : loader.load(url);
        } catch (ConfigException e) {
            warn(st, "chain " + target.uri() + ": " + e.getMessage());
            text = Optional.empty();
        }
        if (text.isPresent() && Script.isScript(text.get())) {
            if (frames.stream().anyMatch(f -> f.url().equals(url) && f.line() < 0)) {
                return Step.done(Outcome.STOPPED); // "back to the main menu": that script is already running
            }
            if (depth >= MAX_DEPTH) {
                warn(st, "chain " + target.uri() + ": scripts chained more than " + MAX_DEPTH + " deep; not followed");
                return Step.fail();
            }
            Script next;
            try {
                next = Script.of(text.get(), url);
                warnCut(next);
            } catch (ConfigException e) {
                warn(st, "chain " + target.uri() + ": " + e.getMessage());
                return Step.fail();
            }
            State sub = st.copy();
            sub.script = next;
            sub.line = 0;
            sub.segment = 0;
            sub.rc = 0;
            frames.push(new Frame(url, -1));
            Outcome o = run(sub, frames, depth + 1);
            frames.pop();
            if (o.fellThrough()) {
                // the chained script ran to its end or exited: its settings, images and menus stay,
                // and chain returns its exit status to the caller, as in iPXE
                st.vars = sub.vars;
                st.images = sub.images;
                st.selected = sub.selected;
                st.menus = sub.menus;
                st.menuTitles = sub.menuTitles;
                return o.status() == 0 ? Step.ok() : Step.fail();
            }
            return o.failed() ? Step.fail() : Step.done(o);
        }
        BootEntry.Kind kind = kindOf(target.uri());
        if (text.isEmpty() && isScriptName(target.uri())) {
            // a script lobos does not fetch here (a URL): what it sets or boots is unknown; the
            // caller goes on as if it had returned
            warn(st, "chain " + target.uri() + ": a script lobos cannot read here; taken as returning without effect");
            return Step.ok();
        }
        if (text.isEmpty()) {
            if (kind == null) {
                warn(st, "chain " + target.uri() + ": could not read it to tell a script from an image; kept as a chainload entry");
            }
            return Step.done(Outcome.of(entry(st, target, kind == null ? BootEntry.Kind.CHAINLOAD : kind,
                    otherImages(st, target))));
        }
        return Step.done(Outcome.of(entry(st, target, kind == null ? BootEntry.Kind.LINUX : kind,
                otherImages(st, target))));
    }

    /** Names that iPXE web roots give scripts: {@code .ipxe}, {@code .cfg} (netboot.xyz's boot.cfg). */
    private static boolean isScriptName(String uri) {
        String name = basename(uri).toLowerCase(Locale.ROOT);
        return name.endsWith(".ipxe") || name.endsWith(".cfg");
    }

    /** By name: EFI and PXE programs chainload, Linux-looking kernels boot; null if the name says nothing. */
    private static BootEntry.Kind kindOf(String uri) {
        String name = basename(uri).toLowerCase(Locale.ROOT);
        if (name.endsWith(".efi") || name.endsWith(".pxe") || name.endsWith(".kpxe") || name.endsWith(".kkpxe")
                || name.endsWith(".0") || name.endsWith(".com") || name.equals("wimboot")) {
            return BootEntry.Kind.CHAINLOAD;
        }
        if (name.endsWith(".lkrn") || name.startsWith("vmlinuz") || name.startsWith("bzimage")
                || name.startsWith("linux") || name.equals("kernel")) {
            return BootEntry.Kind.LINUX;
        }
        return null;
    }

    private Outcome choose(State st, Deque<Frame> frames, int depth, Options o, List<Item> items, String title) {
        if (o.args().size() != 1) return Outcome.FAILED;
        String here = st.script.url();
        if (frames.stream().anyMatch(f -> f.url().equals(here) && f.line() == st.line)) {
            return Outcome.STOPPED; // "back to the main menu": this menu is already open further up
        }
        if (frames.size() >= MAX_DEPTH * 2) {
            warn(st, "menus nested too deep; not followed");
            return Outcome.STOPPED;
        }
        frames.push(new Frame(here, st.line));
        List<MenuItem> out = new ArrayList<>();
        String defaultName = o.value("default", null);
        String defaultId = null;
        String firstDefault = null;
        for (Item item : items) {
            if (item.isDefault() && defaultName == null) defaultName = item.name();
        }
        for (Item item : items) {
            State fork = st.copy();
            if (!o.has("keep")) fork.menus.remove(o.value("menu", "")); // choose destroys its menu
            fork.vars.put(o.args().getFirst(), item.name());
            fork.segment = st.segment + 1;
            fork.rc = 0;
            fork.title = item.text().isEmpty() ? item.name() : item.text();
            fork.itemId = item.name();
            Outcome result = advance(fork, frames, depth + 1);
            if (result.item().isEmpty()) continue;
            MenuItem got = named(result.item().get(), fork.title);
            out.add(got);
            String id = switch (got) {
                case BootEntry e -> e.id();
                case Menu m -> m.defaultEntry() == null ? null : m.defaultEntry().id();
            };
            if (item.name().equals(defaultName)) defaultId = id;
            if (firstDefault == null) firstDefault = id;
        }
        frames.pop();
        if (out.isEmpty()) return Outcome.STOPPED;
        Duration timeout = null;
        String t = o.value("timeout", null);
        if (t != null && parseLong(t) > 0) timeout = Duration.ofMillis(parseLong(t));
        return Outcome.of(new Menu(title == null || title.isEmpty() ? null : title, out, defaultId, timeout, null,
                false, new Source(where.apply(here), st.line + 1), List.of()));
    }

    /** Continues a fork after the command that created it (the rest of the line first). */
    private Outcome advance(State st, Deque<Frame> frames, int depth) {
        if (st.segment >= st.script.lines().get(st.line).segments().size()) {
            st.line++;
            st.segment = 0;
        }
        return run(st, frames, depth);
    }

    /**
     * A submenu reached through an item is titled by the item, the text the user picks in the menu
     * above; its own {@code menu} title is what iPXE shows above its items, the {@link Menu#message()}.
     */
    private static MenuItem named(MenuItem item, String title) {
        return switch (item) {
            case BootEntry e -> e;
            case Menu m -> new Menu(title, m.items(), m.defaultId(), m.timeout(),
                    m.title() != null && !m.title().equals(title) ? m.title() : m.message(), m.restricted(),
                    m.source(), m.warnings());
        };
    }

    private List<Image> otherImages(State st, Image kernel) {
        List<Image> out = new ArrayList<>(st.images);
        out.removeIf(i -> i == kernel || i.name().equals(kernel.name()) && i.uri().equals(kernel.uri()));
        return out;
    }

    private BootEntry entry(State st, Image kernel) {
        List<Image> others = otherImages(st, kernel);
        boolean multiboot = others.stream().anyMatch(i -> i.command().equals("module"));
        BootEntry.Kind kind = multiboot ? BootEntry.Kind.MULTIBOOT : BootEntry.Kind.LINUX;
        BootEntry.Kind byName = kindOf(kernel.uri());
        if (byName == BootEntry.Kind.CHAINLOAD) kind = byName;
        return entry(st, kernel, kind, others);
    }

    /**
     * The entry for booting {@code kernel} with the other images: initrds are the images the
     * command line names with {@code initrd=} (the names the EFI stub asks iPXE for), else all of
     * them in fetch order (what iPXE hands a bzImage); a Multiboot kernel gets them as modules.
     */
    private BootEntry entry(State st, Image kernel, BootEntry.Kind kind, List<Image> others) {
        List<String> entryWarnings = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (String w : kernel.args().split(" ")) {
            if (w.isEmpty()) continue;
            if (w.startsWith("initrd=") && kind == BootEntry.Kind.LINUX) named.add(w.substring("initrd=".length()));
            else words.add(w);
        }
        List<String> initrds = new ArrayList<>();
        List<String> modules = new ArrayList<>();
        if (kind == BootEntry.Kind.MULTIBOOT) {
            for (Image i : others) modules.add(i.args().isEmpty() ? i.uri() : i.uri() + " " + i.args());
        } else if (kind == BootEntry.Kind.LINUX) {
            if (named.isEmpty() || named.contains(INITRD_MAGIC)) {
                // no initrd= (a bzImage gets every image), or iPXE's EFI virtual file initrd.magic,
                // which is every image concatenated (efi_file.c)
                for (Image i : others) initrds.add(i.uri());
            } else {
                for (String n : named) {
                    Optional<Image> i = others.stream().filter(x -> x.name().equals(n)).findFirst();
                    if (i.isPresent()) initrds.add(i.get().uri());
                    else entryWarnings.add("initrd=" + n + " names no fetched image");
                }
                for (Image i : others) {
                    if (!named.contains(i.name())) {
                        entryWarnings.add(i.name() + " is fetched but no initrd= names it; not loaded");
                    }
                }
            }
            for (Image i : others) {
                if (!i.args().isEmpty()) entryWarnings.add("initrd " + i.uri() + " " + i.args() + ": arguments ignored");
            }
        }
        for (String w : warnedIn(kernel.args())) entryWarnings.add(w);
        String id = uniqueId(st.itemId != null ? st.itemId : kernel.name());
        String title = st.title != null ? st.title : kernel.name();
        PathContext ctx = new PathContext(base.device(), base.root(), base.directory(), kernel.baseUrl());
        return new BootEntry(title, id, kind, kernel.uri(), initrds, String.join(" ", words), null, modules, false,
                ctx, new Source(where.apply(st.script.url()), st.line + 1), entryWarnings, null, 0);
    }

    private static List<String> warnedIn(String text) {
        List<String> out = new ArrayList<>();
        int i = text.indexOf("${");
        if (i >= 0) out.add("unresolved client settings left in the command line: " + text.substring(i));
        return out;
    }

    private String uniqueId(String wanted) {
        String id = wanted;
        // the next suffix to try per name: counting from 2 each time made many same-named entries
        // (choose inside choose forks an entry per path) quadratic (a fuzz finding)
        int n = nextSuffix.getOrDefault(wanted, 2);
        while (!ids.add(id)) id = wanted + "#" + n++;
        nextSuffix.put(wanted, n);
        return id;
    }

    /**
     * Expands ${name} and ${name:type}, innermost first (${net${i}/mac} works), as iPXE does for
     * each token; client settings stay as written. Values are not expanded again.
     */
    private String expand(String token, State st) {
        StringBuilder out = new StringBuilder();
        Deque<StringBuilder> open = new ArrayDeque<>();
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '$' && i + 1 < token.length() && token.charAt(i + 1) == '{') {
                open.push(new StringBuilder());
                i++;
            } else if (c == '}' && !open.isEmpty()) {
                String name = open.pop().toString();
                String value = lookup(name, st);
                StringBuilder into = open.isEmpty() ? out : open.peek();
                String text = value == null ? "${" + name + "}" : value;
                if (into.length() + text.length() > MAX_TOKEN) {
                    if (warned.add("\u0000long")) warn(st, "a setting grew longer than " + MAX_TOKEN + " characters; cut");
                    text = text.substring(0, Math.max(0, MAX_TOKEN - into.length()));
                }
                into.append(text);
            } else {
                (open.isEmpty() ? out : open.peek()).append(c);
            }
        }
        while (!open.isEmpty()) {
            String unclosed = open.pop().toString();
            (open.isEmpty() ? out : open.peek()).append("${").append(unclosed);
        }
        return out.toString();
    }

    private String lookup(String raw, State st) {
        String name = raw.contains(":") ? raw.substring(0, raw.indexOf(':')) : raw;
        if (st.vars.containsKey(name)) return st.vars.get(name);
        if (settings.containsKey(name)) return settings.get(name);
        if (name.equals("cwuri")) return st.script.url();
        String bare = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
        if (name.contains("/") || CLIENT_SETTINGS.contains(bare)) {
            if (warned.add(raw)) {
                warn(st, "${" + raw + "} is only known on the client; left as written");
            }
            return null;
        }
        return "";
    }

    /** {@code name} resolved against {@code base} (a URL or a path), or null if it cannot be. */
    static String resolve(String base, String name) {
        if (name.contains("${")) return null;
        try {
            URI uri = URI.create(name);
            if (uri.isAbsolute()) return name;
            return URI.create(base).resolve(uri).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String basename(String uri) {
        String s = uri;
        int q = s.indexOf('?');
        if (q >= 0) s = s.substring(0, q);
        return s.substring(s.lastIndexOf('/') + 1);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void warnCut(Script script) {
        for (int line : script.cutLines()) {
            warnings.add(new Warning(new Source(where.apply(script.url()), line), "line longer than "
                    + Script.MAX_LINE + " characters; the rest is ignored"));
        }
    }

    private void warn(State st, String message) {
        warnings.add(new Warning(new Source(where.apply(st.script.url()), st.line + 1), message));
    }
}
