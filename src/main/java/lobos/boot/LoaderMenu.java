package lobos.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lobos.config.BootEntry;
import lobos.config.Discovery;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.config.Volume;
import lobos.config.kboot.KbootConf;

/**
 * The loader's one menu, as {@link MenuSources} assembled it: kboot.conf's entries, then a
 * submenu per config discovered on the machine's disks; what a person picks from, on the
 * console, in the menu or over SSH.
 *
 * @param menu     the tree; its {@link Menu#defaultId()} and {@link Menu#timeout()} follow the
 *                 loader's default rule (docs/configs.md, "How configs are found at boot")
 * @param commands kboot.conf's settings and labels, merged over its sources: what a typed command
 *                 is expanded with ({@code linux single}, {@code /boot/vmlinuz root=/dev/sda1})
 * @param volumes  the file systems discovery read, to say where an entry came from
 * @param configs  every config file discovery found, with its entry count or error
 */
public record LoaderMenu(Menu menu, KbootConf commands, List<Volume> volumes, List<Discovery.Found> configs) {
    public LoaderMenu {
        volumes = List.copyOf(volumes);
        configs = List.copyOf(configs);
    }

    /** Every entry, depth first in menu order. */
    public List<BootEntry> entries() {
        return menu.entries();
    }

    /** The entry with this id anywhere in the tree. */
    public Optional<BootEntry> entry(String id) {
        return entries().stream().filter(e -> e.id() != null && e.id().equals(id)).findFirst();
    }

    /** What boots on Enter or when the countdown ends: {@link Menu#defaultEntry()}; empty if nothing can. */
    public Optional<BootEntry> defaultEntry() {
        return Optional.ofNullable(menu.defaultEntry());
    }

    /** How long to wait before booting the default: null waits for a person, zero boots at once. */
    public Duration timeout() {
        return menu.timeout();
    }

    /** Only the configs' entries may be booted, unchanged: no typed kernels, no added arguments. */
    public boolean restricted() {
        return menu.restricted();
    }

    /**
     * What a typed line boots: an entry's id alone (any entry, discovered ones too); an id or a
     * kboot label followed by arguments, which go on its command line; else a kboot command, a
     * kernel path with its arguments ({@code initrd=}, {@code root=}, the rest for the kernel).
     * Empty if the line boots nothing. In restricted mode only an id alone is taken: see
     * {@link #allowed}.
     */
    public Optional<BootEntry> command(String line) {
        String text = line.strip();
        if (text.isEmpty()) return Optional.empty();
        Optional<BootEntry> exact = entry(text);
        if (exact.isPresent()) return exact;
        String first = text.split("\\s+", 2)[0];
        String rest = text.substring(first.length()).strip();
        if (commands.label(first).isPresent()) {
            // kboot: a label and more words; the label's own context (kboot.conf on a disk, a URL)
            PathContext context = entry(first).map(BootEntry::context).orElse(PathContext.NONE);
            return commands.command(text, context);
        }
        Optional<BootEntry> discovered = entry(first);
        if (discovered.isPresent()) return Optional.of(withArguments(discovered.get(), rest));
        return commands.command(text, PathContext.NONE);
    }

    /** Whether {@code line} may be booted: anything, unless restricted; then an entry's id alone. */
    public boolean allowed(String line) {
        return !restricted() || entry(line.strip()).isPresent();
    }

    /** The entry with {@code arguments} added to its command line. */
    static BootEntry withArguments(BootEntry e, String arguments) {
        if (arguments.isBlank()) return e;
        String cmdline = e.cmdline() == null || e.cmdline().isBlank() ? arguments : e.cmdline() + " " + arguments;
        return new BootEntry(e.title(), e.id(), e.kind(), e.kernel(), e.initrds(), cmdline, e.devicetree(),
                e.modules(), e.hidden(), e.context(), e.source(), e.warnings(), e.help(), e.sysappend());
    }

    /**
     * Where an entry came from, as a person finds it again: the device with its label and UUID
     * (for an entry read from a disk), then the file and line.
     */
    public String origin(BootEntry e) {
        List<String> parts = new ArrayList<>();
        String device = e.context().device();
        Volume volume = device == null ? null : volumes.stream()
                .filter(v -> device.equals(v.device()) || device.equals(v.root().toString())
                        || v.uuid() != null && device.equalsIgnoreCase("UUID=" + v.uuid())
                        || v.label() != null && device.equals("LABEL=" + v.label()))
                .findFirst().orElse(null);
        if (volume != null) {
            parts.add(volume.device() != null ? volume.device() : volume.root().toString());
            if (volume.label() != null) parts.add("LABEL=" + volume.label());
            if (volume.uuid() != null) parts.add("UUID=" + volume.uuid());
        } else if (device != null) {
            parts.add(device);
        }
        if (e.source() != null) {
            String file = e.source().toString();
            // a file on the volume just named is named from the volume's root
            if (volume != null && volume.device() != null && file.startsWith(volume.device() + ":/")) {
                file = file.substring(volume.device().length() + 1);
            } else if (volume != null && file.startsWith(volume.root() + "/")) {
                file = file.substring(volume.root().toString().length());
            }
            parts.add(file);
        }
        return String.join(" ", parts);
    }
}
