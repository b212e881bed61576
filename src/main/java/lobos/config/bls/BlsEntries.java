package lobos.config.bls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lobos.config.Source;
import lobos.config.Warning;

/** Reads a directory of Boot Loader Specification entries ({@code *.conf}) in the spec's order. */
public final class BlsEntries {
    /** Entries sorted by {@link BlsOrder}, and the files that could not be read. */
    public record Loaded(List<BlsEntry> entries, List<Warning> warnings) {
        public Loaded {
            entries = List.copyOf(entries);
            warnings = List.copyOf(warnings);
        }
    }

    static final int MAX_ENTRIES = 1000;
    static final long MAX_FILE = 1 << 20;

    private BlsEntries() {}

    /**
     * Reads every {@code *.conf} in {@code dir}, which lies inside the volume at {@code root};
     * files that resolve outside {@code root} (through symbolic links) are not read.
     *
     * @param displayDir how {@code dir} is named in sources and warnings ({@code /loader/entries})
     */
    public static Loaded load(Path root, Path dir, String displayDir) {
        var entries = new ArrayList<BlsEntry>();
        var warnings = new ArrayList<Warning>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted()
                    .limit(MAX_ENTRIES + 1L).toList();
        } catch (IOException | SecurityException e) {
            warnings.add(new Warning(new Source(displayDir, 0), "cannot list the entries: " + e.getMessage()));
            return new Loaded(entries, warnings);
        }
        if (files.size() > MAX_ENTRIES) {
            warnings.add(new Warning(new Source(displayDir, 0), "more than " + MAX_ENTRIES
                    + " entries: only the first " + MAX_ENTRIES + " by name are read"));
            files = files.subList(0, MAX_ENTRIES);
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException | SecurityException e) {
            warnings.add(new Warning(new Source(displayDir, 0), "cannot resolve " + root + ": " + e.getMessage()));
            return new Loaded(entries, warnings);
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            String shown = displayDir + "/" + name;
            try {
                Path real = file.toRealPath();
                if (!real.startsWith(realRoot)) {
                    warnings.add(new Warning(new Source(shown, 0), "links outside its volume: not read"));
                    continue;
                }
                if (!Files.isRegularFile(real)) continue;
                if (Files.size(real) > MAX_FILE) {
                    warnings.add(new Warning(new Source(shown, 0), "larger than 1 MiB: not read"));
                    continue;
                }
                String text = new String(Files.readAllBytes(real), StandardCharsets.UTF_8);
                entries.add(BlsEntryParser.parse(name, text, shown));
            } catch (IOException | SecurityException e) {
                warnings.add(new Warning(new Source(shown, 0), "cannot read: " + e.getMessage()));
            }
        }
        entries.sort(BlsOrder.INSTANCE);
        return new Loaded(entries, warnings);
    }
}
