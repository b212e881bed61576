package lobos.config.kboot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import lobos.config.Source;
import lobos.config.Warning;

/**
 * Turns kboot commands into boot entries. kboot's shell expands a label by replacing the
 * command's first word with the label's value (a label may name another label), then takes the
 * first word as the path to boot and the rest as kernel arguments. {@code initrd=} and
 * {@code root=} words are taken out and override the globals; the effective root goes first on
 * the command line as {@code root=...}, as LILO passed it; {@code initrd=} is not passed.
 * Several initrds (microcode first) are named by repeating {@code initrd=} or, as syslinux
 * does, with commas: {@code initrd=/boot/ucode.img,/boot/initrd.img}. {@code module=} names a
 * Multiboot kernel's modules the same way (repeated or with commas, in order; not passed on the
 * command line); each module's command line is its path, as GRUB's {@code module} line without
 * arguments gives it. The kernel's own header says it is a Multiboot kernel, and the global
 * {@code initrd=} does not apply to it.
 */
final class KbootMenu {
    /** How deep labels may refer to labels; kboot's examples use one level. */
    static final int MAX_DEPTH = 16;
    /** A legacy OS's boot sector: hda7, /dev/sda2 (kboot's "device" path names). */
    private static final Pattern DEVICE = Pattern.compile(
            "(/dev/[^:]+)|((h|s|v|xv)d[a-z]{1,3}\\d*|nvme\\d+n\\d+(p\\d+)?|mmcblk\\d+(p\\d+)?|md\\d+|fd\\d+)");

    private final KbootConf conf;
    private final PathContext context;
    private final List<Warning> warnings = new ArrayList<>();

    KbootMenu(KbootConf conf, PathContext context) {
        this.conf = conf;
        this.context = context == null ? PathContext.NONE : context;
    }

    Menu menu(String messageText) {
        List<MenuItem> items = new ArrayList<>();
        String defaultId = null;
        String command = conf.defaultCommand() == null ? "" : conf.defaultCommand().strip();
        Source defaultSource = conf.settingSources().getOrDefault("default", conf.source());
        if (!command.isEmpty()) {
            if (!command.contains(" ") && !command.contains("\t") && conf.label(command).isPresent()) {
                defaultId = command;
            } else {
                String first = command.split("[ \t]+")[0];
                if (conf.label(first).isEmpty() && !first.contains("/") && !first.contains(":")) {
                    warnings.add(new Warning(defaultSource,
                            "default=" + command + ": " + first + " is no label; booted as a path"));
                }
                Optional<BootEntry> e = entry("default", command, "default", defaultSource);
                if (e.isPresent()) {
                    items.add(e.get());
                    defaultId = "default";
                }
            }
        }
        for (KbootConf.Label label : conf.labels()) {
            if (label.command().isBlank()) {
                warnings.add(new Warning(label.source(), "label " + label.name() + " is empty; no entry"));
                continue;
            }
            if (label.command().strip().split("[ \t\n]+")[0].contains("=")) {
                continue; // "common=console=ttyS0": a fragment for $common, not a command
            }
            entry(label.name(), label.command(), label.name(), label.source()).ifPresent(items::add);
        }
        String id = defaultId;
        if (id != null && items.stream().noneMatch(i -> i instanceof BootEntry b && b.id().equals(id))) {
            warnings.add(new Warning(defaultSource, "default=" + command + ": that entry could not be built"));
            defaultId = null;
        }
        var timeout = conf.delay() != null ? conf.delay() : conf.timeout();
        List<Warning> all = new ArrayList<>(conf.warnings());
        all.addAll(warnings);
        return new Menu(null, items, defaultId, timeout, messageText, conf.restricted(), conf.source(), all);
    }

    /** The entry for a command; empty (with a warning) if it expands to nothing or loops. */
    Optional<BootEntry> entry(String id, String command, String title, Source source) {
        Deque<String> chain = new ArrayDeque<>();
        if (conf.label(id).isPresent() && conf.label(id).get().command().equals(command)) chain.push(id);
        List<String> words;
        try {
            words = expand(command, chain, 0);
        } catch (IllegalStateException e) {
            warnings.add(new Warning(source, title + ": " + e.getMessage() + "; no entry"));
            return Optional.empty();
        }
        if (words.isEmpty()) {
            warnings.add(new Warning(source, title + ": the command is empty; no entry"));
            return Optional.empty();
        }
        String kernel = words.getFirst();
        List<String> initrds = new ArrayList<>();
        List<String> modules = new ArrayList<>();
        boolean ownInitrd = false;
        String root = conf.root();
        List<String> args = new ArrayList<>();
        for (String w : words.subList(1, words.size())) {
            if (w.startsWith("initrd=")) {
                if (!ownInitrd) initrds.clear();
                ownInitrd = true;
                initrds.addAll(initrdList(w.substring("initrd=".length())));
            } else if (w.startsWith("module=")) {
                modules.addAll(initrdList(w.substring("module=".length())));
            } else if (w.startsWith("root=")) {
                root = w.substring("root=".length());
            } else {
                args.add(w);
            }
        }
        if (!ownInitrd && modules.isEmpty() && conf.initrd() != null) initrds.addAll(initrdList(conf.initrd()));
        if (root != null && root.isBlank()) root = null;
        List<String> entryWarnings = new ArrayList<>();
        BootEntry.Kind kind = BootEntry.Kind.LINUX;
        String cmdline;
        if (DEVICE.matcher(kernel).matches()) {
            // kboot: a device name boots the legacy OS in its boot sector; no initrd or root there
            kind = BootEntry.Kind.CHAINLOAD;
            if (ownInitrd) entryWarnings.add("initrd= ignored: " + kernel + " is a boot sector");
            if (!modules.isEmpty()) entryWarnings.add("module= ignored: " + kernel + " is a boot sector");
            initrds.clear();
            modules.clear();
            cmdline = String.join(" ", args);
        } else {
            cmdline = (root == null ? "" : "root=" + root + (args.isEmpty() ? "" : " ")) + String.join(" ", args);
        }
        PathContext ctx = new PathContext(context.device(), root, context.directory(), context.baseUrl());
        return Optional.of(new BootEntry(title, id, kind, kernel, initrds, cmdline, null, modules, false, ctx,
                source, entryWarnings, null, 0));
    }

    /** Splits a command into words, replacing a first word that names a label by the label's words. */
    private List<String> expand(String command, Deque<String> chain, int depth) {
        List<String> words = new ArrayList<>();
        for (String w : command.strip().split("[ \t\n]+")) {
            if (!w.isEmpty()) words.add(w);
        }
        if (words.isEmpty()) return words;
        String first = words.getFirst();
        Optional<KbootConf.Label> label = conf.label(first);
        if (label.isEmpty()) return words;
        if (chain.contains(first)) {
            List<String> loop = new ArrayList<>(chain.reversed());
            loop.add(first);
            throw new IllegalStateException("labels refer to each other in a loop: " + String.join(" -> ", loop));
        }
        if (depth >= MAX_DEPTH) {
            throw new IllegalStateException("labels nested more than " + MAX_DEPTH + " deep");
        }
        chain.push(first);
        List<String> out = expand(label.get().command(), chain, depth + 1);
        chain.pop();
        out.addAll(words.subList(1, words.size()));
        return out;
    }

    private static List<String> initrdList(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }
}
