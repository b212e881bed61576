package lobos.config.bls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lobos.config.BootEntry;
import lobos.config.ConfigException;
import lobos.config.ConfigFormat;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import lobos.config.Source;
import lobos.config.Volume;
import lobos.config.VolumeFiles;
import lobos.config.Warning;

/**
 * Boot Loader Specification type #1 entries ({@code /loader/entries/*.conf}) with systemd-boot's
 * {@code loader.conf} beside them, as one menu in the spec's order. {@code read} takes the
 * entries directory (what {@link #locations()} lists), one entry file, or {@code loader.conf}.
 * Entries for another architecture are left out with a warning, as the spec asks. Paths stay as
 * written, made absolute: the spec says they are relative to the root of the entry's own file
 * system, so {@link PathContext#device()} is that volume.
 */
public final class BlsFormat implements ConfigFormat {
    private final String architecture;

    /** Entries for the architecture this JVM runs on. */
    public BlsFormat() {
        this(efiArchitecture(System.getProperty("os.arch", "")));
    }

    /** @param architecture the local architecture in the EFI vocabulary ({@code x64}, {@code aa64}...) */
    public BlsFormat(String architecture) {
        this.architecture = architecture;
    }

    /** The EFI architecture name (as in BOOTX64.EFI) for a Java {@code os.arch}. */
    public static String efiArchitecture(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x64";
            case "x86", "i386", "i486", "i586", "i686" -> "ia32";
            case "aarch64", "arm64" -> "aa64";
            case "arm" -> "arm";
            case "riscv64" -> "riscv64";
            case "loongarch64" -> "loongarch64";
            default -> osArch;
        };
    }

    @Override
    public String name() {
        return "bls";
    }

    /**
     * {@code loader/entries} on an ESP, an XBOOTLDR partition or a separate /boot (Fedora, RHEL,
     * systemd-boot); {@code boot/loader/entries} when /boot is a directory of the root file system.
     */
    @Override
    public List<String> locations() {
        return List.of("loader/entries", "boot/loader/entries");
    }

    @Override
    public Menu read(Volume volume, String file, List<Volume> others) {
        String rel = file;
        while (rel.startsWith("/")) rel = rel.substring(1);
        VolumeFiles.Kind kind = VolumeFiles.kind(volume, rel);
        if (kind == VolumeFiles.Kind.MISSING) {
            throw new ConfigException("no Boot Loader Spec entries at " + volume.where(rel),
                    "check that the file system is mounted and the path exists (usually /loader/entries)");
        }
        String entriesRel;
        String single = null;
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        if (kind == VolumeFiles.Kind.DIRECTORY) {
            entriesRel = rel;
        } else if (name.equals("loader.conf")) {
            entriesRel = parent(rel) + "entries";
        } else {
            entriesRel = parent(rel).isEmpty() ? "" : parent(rel).substring(0, parent(rel).length() - 1);
            single = name;
        }
        String shownDir = "/" + entriesRel;
        var warnings = new ArrayList<Warning>();
        LoaderConf conf = readLoaderConf(volume, parent(entriesRel) + "loader.conf", warnings);
        checkSrel(volume, parent(entriesRel) + "entries.srel", warnings);

        List<BlsEntry> entries;
        if (single != null) {
            String text = VolumeFiles.readText(volume, rel).orElseThrow(
                    () -> new ConfigException(volume.where(file) + ": not found", "Check the path."));
            entries = List.of(BlsEntryParser.parse(single, text, shownDir + "/" + single));
        } else if (VolumeFiles.kind(volume, entriesRel) == VolumeFiles.Kind.DIRECTORY) {
            var loaded = BlsEntries.load(volume, "/" + entriesRel, shownDir);
            warnings.addAll(loaded.warnings());
            entries = loaded.entries();
        } else {
            throw new ConfigException("no entries directory " + volume.where(entriesRel),
                    "Boot Loader Spec entries live in /loader/entries");
        }
        return menu(volume, entries, conf, new Source(single != null ? shownDir + "/" + single : shownDir, 0),
                warnings);
    }

    private static String parent(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash + 1);
    }

    private static LoaderConf readLoaderConf(Volume volume, String rel, List<Warning> warnings) {
        if (VolumeFiles.kind(volume, rel) != VolumeFiles.Kind.FILE) return LoaderConf.NONE;
        try {
            LoaderConf conf = LoaderConf.parse(VolumeFiles.readText(volume, rel).orElse(""), "/" + rel);
            warnings.addAll(conf.warnings());
            return conf;
        } catch (ConfigException e) {
            warnings.add(new Warning(new Source("/" + rel, 0), "not read: " + e.getMessage()));
            return LoaderConf.NONE;
        }
    }

    /** The spec's marker file: if it exists it must say "type1". */
    private static void checkSrel(Volume volume, String rel, List<Warning> warnings) {
        if (VolumeFiles.kind(volume, rel) != VolumeFiles.Kind.FILE) return;
        try {
            String text = VolumeFiles.readText(volume, rel).orElse("").strip();
            if (!text.equals("type1")) {
                String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
                warnings.add(new Warning(new Source("/" + rel, 1), "says '" + shown + "', not 'type1': the"
                        + " entries may follow other rules than the Boot Loader Specification"));
            }
        } catch (ConfigException e) {
            // an unreadable marker changes nothing
        }
    }

    /** Turns sorted entries into menu items, applying the architecture filter and loader.conf. */
    Menu menu(Volume volume, List<BlsEntry> sorted, LoaderConf conf, Source source, List<Warning> warnings) {
        var usable = new ArrayList<BlsEntry>();
        for (BlsEntry e : sorted) {
            if (e.architecture() != null && architecture != null
                    && !e.architecture().equalsIgnoreCase(architecture)) {
                warnings.add(new Warning(e.source(), "for architecture " + e.architecture() + ", not "
                        + architecture + ": left out"));
            } else if (e.linux() == null && e.efi() == null && e.uki() == null) {
                warnings.add(new Warning(e.source(), e.values("uki-url").isEmpty()
                        ? "no 'linux', 'efi' or 'uki' key: not an entry"
                        : "uki-url (a unified kernel image fetched from the network) is not supported: left out"));
            } else {
                usable.add(e);
            }
        }
        Map<String, Integer> titles = new HashMap<>();
        for (BlsEntry e : usable) titles.merge(title(e), 1, Integer::sum);
        var items = new ArrayList<MenuItem>();
        Set<String> ids = new HashSet<>();
        String defaultId = null;
        String device = volume.device() != null ? volume.device() : volume.uuid() != null ? "UUID=" + volume.uuid()
                : volume.label() != null ? "LABEL=" + volume.label() : null;
        var context = new PathContext(device, null, null, null);
        for (BlsEntry e : usable) {
            String id = e.id();
            for (int n = 2; !ids.add(id); n++) id = e.id() + "#" + n;
            String title = title(e);
            if (titles.get(title) > 1) title += " (" + (e.version() != null ? e.version() : e.id()) + ")";
            var notes = new ArrayList<String>();
            e.warnings().forEach(w -> notes.add(w.toString()));
            BootEntry.Kind kind = e.linux() != null || e.uki() != null ? BootEntry.Kind.LINUX
                    : BootEntry.Kind.CHAINLOAD;
            String kernel = absolute(e.linux() != null ? e.linux() : e.uki() != null ? e.uki() : e.efi());
            if (e.linux() == null && e.uki() != null) {
                notes.add("a unified kernel image: its own command line and initrds apply too");
            }
            String cmdline = e.options() == null ? "" : e.options();
            if (cmdline.contains("$")) {
                notes.add("options name GRUB variables (" + cmdline.replaceAll("^[^$]*", "").split("\\s")[0]
                        + "...): only GRUB's blscfg fills them in from grubenv");
            }
            if (!e.devicetreeOverlays().isEmpty()) {
                notes.add("devicetree-overlay is not supported: " + String.join(" ", e.devicetreeOverlays())
                        + " ignored");
            }
            if (e.isBad()) notes.add("boot counting: no tries left, the entry is marked bad");
            var entry = new BootEntry(title, id, kind, kernel, e.initrds().stream().map(BlsFormat::absolute).toList(),
                    cmdline, e.devicetree() == null ? null : absolute(e.devicetree()), List.of(), false, context,
                    e.source(), notes);
            items.add(entry);
            if (defaultId == null && conf.matches(e.id())) defaultId = id;
        }
        if (conf.defaultPattern() != null && defaultId == null) {
            warnings.add(new Warning(source, conf.defaultPattern().equals("@saved")
                    ? "default @saved is kept in an EFI variable lobos does not read: the first entry is used"
                    : "default '" + conf.defaultPattern() + "' matches no entry: the first entry is used"));
        }
        return new Menu(null, items, defaultId, conf.timeout(), null, false, source, warnings);
    }

    private static String title(BlsEntry e) {
        return e.title() != null ? e.title() : e.version() != null ? e.version() : e.id();
    }

    private static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }
}
