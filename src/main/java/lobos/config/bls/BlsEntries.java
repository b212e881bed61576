package lobos.config.bls;

import java.util.ArrayList;
import java.util.List;
import lobos.config.ConfigException;
import lobos.config.Source;
import lobos.config.Volume;
import lobos.config.VolumeFiles;
import lobos.config.Warning;

/**
 * Reads a directory of Boot Loader Specification entries ({@code *.conf}) in the spec's order,
 * through {@link VolumeFiles} (links stay in the volume, sizes and the listing are bounded).
 */
public final class BlsEntries {
    /** Entries sorted by {@link BlsOrder}, and the files that could not be read. */
    public record Loaded(List<BlsEntry> entries, List<Warning> warnings) {
        public Loaded {
            entries = List.copyOf(entries);
            warnings = List.copyOf(warnings);
        }
    }

    private BlsEntries() {}

    /**
     * Reads every {@code *.conf} in the volume directory {@code dir}.
     *
     * @param displayDir how {@code dir} is named in sources and warnings ({@code /loader/entries})
     */
    public static Loaded load(Volume volume, String dir, String displayDir) {
        var entries = new ArrayList<BlsEntry>();
        var warnings = new ArrayList<Warning>();
        VolumeFiles.Listing listing;
        try {
            listing = VolumeFiles.list(volume, dir, ".conf");
        } catch (ConfigException e) {
            warnings.add(new Warning(new Source(displayDir, 0), "cannot list the entries: " + e.getMessage()));
            return new Loaded(entries, warnings);
        }
        if (listing.truncated()) {
            warnings.add(new Warning(new Source(displayDir, 0), "more than " + VolumeFiles.MAX_DIRECTORY_ENTRIES
                    + " entries: only the first " + VolumeFiles.MAX_DIRECTORY_ENTRIES + " by name are read"));
        }
        for (String name : listing.names()) {
            String shown = displayDir + "/" + name;
            String path = VolumeFiles.child(dir, name);
            switch (VolumeFiles.kind(volume, path)) {
                case DIRECTORY -> {
                    continue;
                }
                case MISSING -> {
                    // listed but not there: a link to nothing on this volume (links never leave it)
                    warnings.add(new Warning(new Source(shown, 0), "a link to nothing on this volume: not read"));
                    continue;
                }
                case FILE -> { }
            }
            try {
                VolumeFiles.readText(volume, path).ifPresent(text -> entries.add(BlsEntryParser.parse(name, text, shown)));
            } catch (ConfigException e) {
                warnings.add(new Warning(new Source(shown, 0), "not read: " + e.getMessage()));
            }
        }
        entries.sort(BlsOrder.INSTANCE);
        return new Loaded(entries, warnings);
    }
}
