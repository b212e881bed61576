package lobos.config.grub;

import java.util.List;
import java.util.function.BiConsumer;
import lobos.config.Volume;

/**
 * The commands that look something up and put the answer in a variable: {@code search} (and
 * {@code search.fs_uuid}, {@code search.fs_label}, {@code search.file}), {@code probe} and
 * {@code regexp}. They return GRUB's status (0 found/matched) and set variables through
 * {@code set}, which checks names and lengths.
 */
final class Lookups {
    private final Devices devices;
    private final BiConsumer<String, String> set;
    private final java.util.function.Consumer<String> note;
    private final long deadline;

    /** @param note takes a warning about the command running now (its file and line are the caller's) */
    Lookups(Devices devices, BiConsumer<String, String> set, java.util.function.Consumer<String> note, long deadline) {
        this.devices = devices;
        this.set = set;
        this.note = note;
        this.deadline = deadline;
    }

    private static final List<GrubOptions.Spec> SEARCH_OPTIONS = List.of(
            new GrubOptions.Spec("file", 'f', GrubOptions.Arg.NONE),
            new GrubOptions.Spec("label", 'l', GrubOptions.Arg.NONE),
            new GrubOptions.Spec("fs-uuid", 'u', GrubOptions.Arg.NONE),
            new GrubOptions.Spec("set", 's', GrubOptions.Arg.OPTIONAL),
            new GrubOptions.Spec("no-floppy", 'n', GrubOptions.Arg.NONE),
            new GrubOptions.Spec("efidisk-only", (char) 0, GrubOptions.Arg.NONE),
            new GrubOptions.Spec("cryptodisk-only", (char) 0, GrubOptions.Arg.NONE),
            new GrubOptions.Spec("root-dev-only", 'r', GrubOptions.Arg.NONE),
            new GrubOptions.Spec("hint*", 'h', GrubOptions.Arg.REQUIRED));

    /**
     * {@code search} and its short forms. A UUID or label no known volume has still sets the
     * variable, to the symbolic {@code UUID=...}/{@code LABEL=...} name, so the entry keeps saying
     * which file system it wants; a file that is on no volume leaves the variable unchanged and
     * fails, as in GRUB.
     */
    int search(String name, List<String> args) {
        String kind;
        String key;
        String var;
        if (name.equals("search")) {
            var parsed = GrubOptions.parse(args, SEARCH_OPTIONS, false);
            var = parsed.has("set") ? (parsed.last("set").isEmpty() ? "root" : parsed.last("set")) : null;
            List<String> operands = parsed.operands();
            if (!operands.isEmpty()) {
                key = operands.getFirst();
            } else if (var != null && !var.equals("root")) {
                key = var; // "search -u --set UUID": GRUB took the UUID for the variable name
                var = "root";
            } else {
                throw new ScriptError("search: one argument expected");
            }
            kind = parsed.has("fs-uuid") ? "uuid" : parsed.has("label") ? "label" : parsed.has("file") ? "file" : null;
            if (kind == null) throw new ScriptError("search: say what to search (--fs-uuid, --label or --file)");
        } else {
            if (args.isEmpty()) throw new ScriptError(name + ": one argument expected");
            key = args.getFirst();
            var = args.size() > 1 ? args.get(1) : null;
            kind = name.endsWith("uuid") ? "uuid" : name.endsWith("label") ? "label" : "file";
        }
        String found = switch (kind) {
            case "uuid" -> {
                Volume v = devices.byUuid(key);
                yield v != null ? devices.name(v) : assumed("--fs-uuid", key, "UUID=" + key);
            }
            case "label" -> {
                Volume v = devices.byLabel(key);
                yield v != null ? devices.name(v) : assumed("--label", key, "LABEL=" + key);
            }
            default -> {
                String hit = null;
                for (Volume v : devices.all()) {
                    if (devices.kind(new Devices.Location(v, devices.name(v), key), null) != lobos.config.VolumeFiles.Kind.MISSING) {
                        hit = devices.name(v);
                        break;
                    }
                }
                yield hit;
            }
        };
        if (found == null) return 1;
        if (var != null) set.accept(var, found);
        return 0;
    }

    /**
     * What a search for a UUID or label no volume has finds: the symbolic name, for the loader to
     * resolve when that file system appears; or, when the only volume is a directory with no
     * identity at all ({@code lobos list DIR} without {@code --uuid}/{@code --label}), that
     * directory, with a warning: it stands for the file system whose UUID and label lobos was
     * not told.
     */
    private String assumed(String option, String key, String symbolic) {
        Volume only = devices.soleUnidentified();
        if (only == null) return symbolic;
        note.accept("search " + option + " " + key + ": no volume has it; taken to be " + only.root()
                + ", the only volume, which has no UUID or label (lobos list --uuid/--label say which it is)");
        return devices.name(only);
    }

    /** {@code probe --set VAR --fs-uuid|--label DEVICE}; lobos knows no other property of a device. */
    int probe(List<String> args) {
        var parsed = GrubOptions.parse(args, List.of(new GrubOptions.Spec("set", 's', GrubOptions.Arg.REQUIRED),
                new GrubOptions.Spec("driver", 'd', GrubOptions.Arg.NONE),
                new GrubOptions.Spec("partmap", 'p', GrubOptions.Arg.NONE),
                new GrubOptions.Spec("fs", 'f', GrubOptions.Arg.NONE),
                new GrubOptions.Spec("fs-uuid", 'u', GrubOptions.Arg.NONE),
                new GrubOptions.Spec("label", 'l', GrubOptions.Arg.NONE),
                new GrubOptions.Spec("part-uuid", (char) 0, GrubOptions.Arg.NONE)), false);
        if (parsed.operands().isEmpty()) throw new ScriptError("probe: a device is expected");
        String device = parsed.operands().getFirst();
        if (device.startsWith("(") && device.endsWith(")")) device = device.substring(1, device.length() - 1);
        Volume v = devices.byName(device);
        String value = v == null ? null : parsed.has("fs-uuid") ? v.uuid() : parsed.has("label") ? v.label() : null;
        if (value == null) return 1;
        if (parsed.has("set")) set.accept(parsed.last("set"), value);
        return 0;
    }

    /**
     * {@code regexp [--set [N:]VAR]... REGEXP STRING}: a POSIX extended pattern, run on RE2/J
     * ({@link PosixRegex}) in time linear in the string, with the clock checked at every character
     * it reads.
     */
    int regexp(List<String> args) {
        var parsed = GrubOptions.parse(args, List.of(new GrubOptions.Spec("set", 's', GrubOptions.Arg.REQUIRED)),
                false);
        if (parsed.operands().size() != 2) throw new ScriptError("regexp: REGEXP and STRING expected");
        com.google.re2j.Matcher m = PosixRegex.compile(parsed.operands().get(0))
                .matcher(new Deadline(parsed.operands().get(1), deadline));
        if (!PosixRegex.find(m)) return 1;
        for (String spec : parsed.options().getOrDefault("set", List.of())) {
            int colon = spec.indexOf(':');
            long group = colon < 0 ? 1 : TestExpression.strtoul(spec.substring(0, colon));
            String var = colon < 0 ? spec : spec.substring(colon + 1);
            String value = group <= m.groupCount() && m.group((int) group) != null ? m.group((int) group) : "";
            set.accept(var, value);
        }
        return 0;
    }

    /** Input to a regular expression that gives up when the interpreter's time is over. */
    private record Deadline(CharSequence text, long deadline) implements CharSequence {
        @Override
        public char charAt(int index) {
            if (System.nanoTime() - deadline > 0) throw new ScriptError("regexp: out of time");
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
