package lobos.config.grub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The commands that read files besides configs: {@code [ -f/-d/-s/-e ]}, {@code load_env}
 * (GRUB's environment block) and Fedora's {@code blscfg} (Boot Loader Spec entries).
 */
final class GrubFiles {
    private GrubFiles() {}

    /** What {@code test} asks of files, answered on the volumes. */
    static TestExpression.Files tests(GrubInterpreter in) {
        return new TestExpression.Files() {
            @Override
            public char type(String grubPath) {
                Devices.Location where = in.devices.locate(grubPath, in.context.env.get("root"));
                if (where.volume() == null) return 0;
                String path = where.path();
                while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
                if (path.isEmpty()) return 'd';
                return switch (in.devices.kind(new Devices.Location(where.volume(), where.device(), path), in.subvolume())) {
                    case MISSING -> 0;
                    case FILE -> 'f';
                    case DIRECTORY -> 'd';
                };
            }

            @Override
            public long size(String grubPath) {
                return Devices.size(in.devices.locate(grubPath, in.context.env.get("root")), in.subvolume());
            }
        };
    }

    static void loadEnv(GrubInterpreter in, List<String> args, int line) {
        var parsed = GrubOptions.parse(args, List.of(new GrubOptions.Spec("file", 'f', GrubOptions.Arg.REQUIRED),
                new GrubOptions.Spec("skip-sig", 's', GrubOptions.Arg.NONE)), false);
        String name = parsed.last("file");
        if (name == null) {
            String prefix = in.context.env.get("prefix");
            if (prefix == null) throw new ScriptError("load_env: $prefix is not set");
            name = prefix + "/grubenv";
        }
        Devices.Location where = in.devices.locate(name, in.context.env.get("root"));
        Map<String, String> vars;
        try {
            vars = GrubEnvBlock.parse(in.devices.read(where, in.subvolume(), "environment block"));
        } catch (ScriptError e) {
            throw new ScriptError("load_env: " + e.getMessage());
        }
        List<String> only = parsed.operands();
        vars.forEach((k, v) -> {
            if (only.isEmpty() || only.contains(k)) in.context.env.set(k, v);
        });
        String next = vars.get("next_entry");
        if (next != null && !next.isEmpty() && (only.isEmpty() || only.contains("next_entry"))) {
            in.warn(in.file, line, in.devices.display(where) + " sets next_entry=" + next + ", a one-shot default that"
                    + " GRUB clears when it boots it; lobos does not write grubenv, so it stays the default until"
                    + " something clears it (grub-editenv FILE unset next_entry)");
        }
    }

    /**
     * Fedora's {@code blscfg}: one entry per Boot Loader Spec file in {@code $blsdir} (default
     * /loader/entries, then /boot/loader/entries) on {@code $root}, its options with GRUB
     * variables ({@code $kernelopts}...) replaced now, as the module does.
     */
    static void blscfg(GrubInterpreter in, List<String> args, int line) {
        String root = in.context.env.get("root");
        String dir = in.context.env.get("blsdir");
        if (!args.isEmpty()) {
            if (args.getFirst().startsWith("(")) {
                Devices.Location where = in.devices.locate(args.getFirst(), root);
                root = where.device();
                dir = where.path();
            } else {
                in.warn(in.file, line, "blscfg " + args.getFirst() + ": lobos imports all entries");
            }
        }
        List<String> dirs = dir != null ? List.of(dir) : List.of("/loader/entries", "/boot/loader/entries");
        for (String d : dirs) {
            Devices.Location where = in.devices.locate("(" + root + ")" + d, null);
            if (in.devices.kind(where, in.subvolume()) != lobos.config.VolumeFiles.Kind.DIRECTORY) continue;
            String path = Devices.path(where, in.subvolume());
            // read once per config: a blscfg in a loop (or in every entry) sees the same files
            var loaded = in.blsDirectories.computeIfAbsent(where.volume().root() + "\0" + path,
                    k -> lobos.config.bls.BlsEntries.load(where.volume(), path, in.devices.display(where)));
            loaded.warnings().forEach(in::warn);
            for (var e : loaded.entries()) {
                if (e.linux() == null) {
                    in.warn(e.source(), "no 'linux' key: blscfg skips this entry");
                    continue;
                }
                String body = BlscfgEntries.body(e, in.context.env, in.functions.containsKey("load_video"));
                GrubParser.Result parsed = GrubParser.parse(body, 1);
                if (!parsed.errors().isEmpty()) {
                    in.warn(e.source(), "entry skipped: its generated GRUB commands do not parse: "
                            + parsed.errors().getFirst().message());
                    continue;
                }
                String title = e.title() != null ? e.title() : e.linux();
                var positional = new ArrayList<String>();
                positional.add(title);
                positional.addAll(e.values("grub_arg"));
                in.addItem(new GrubItem.Definition(title, e.id(), positional, parsed.statements(), e.source(), false));
            }
            return;
        }
        in.warn(in.file, line, "blscfg: no Boot Loader Spec entries in " + dirs + " on (" + root + ")");
    }
}
