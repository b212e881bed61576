package lobos.boot;

import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import lobos.LobosException;
import lobos.config.PathContext;
import lobos.path.DeviceRef;
import lobos.path.Location;
import lobos.path.ParsedPath;
import lobos.path.PathParser;
import lobos.path.PathResolver;
import lobos.path.Segments;

/**
 * Where the paths of a boot entry are, read against the {@link PathContext} of the config
 * they came from. Pure: the caller says which labels and devices exist.
 *
 * <ul>
 *   <li>A config from a URL ({@code baseUrl}) names files relative to that URL.
 *   <li>A config found on a volume ({@code device}, or GRUB's {@code root} after {@code search}
 *       or {@code set root}) names files on that volume: {@code /boot/vmlinuz} there is
 *       {@code vda1:/boot/vmlinuz}. A device that is a plain directory (a volume that is no
 *       device, as in {@code lobos list DIR}) is a directory of the loader's own file system.
 *   <li>A relative name ({@code vmlinuz}) is in the config's {@code directory} (syslinux's
 *       current directory) on that volume, else in the volume's root.
 *   <li>GRUB's {@code (device)/path} names a file on another volume: {@code (vda2)/vmlinuz},
 *       {@code (UUID=...)/vmlinuz}. GRUB's firmware names ({@code hd0,gpt2}) name no Linux
 *       device and are refused with a clear message.
 *   <li>kboot.conf's paths are read as kboot reads them: {@code //path} the loader,
 *       {@code /path} the booted system.
 * </ul>
 */
public final class EntryPaths {
    /** GRUB's firmware disk names: hd0, hd1,gpt2, cd0, fd0, ahci0,msdos1... */
    private static final Pattern FIRMWARE = Pattern.compile("(hd|cd|fd|ahci|ata|usb|nvme)\\d+(,.*)?");

    private final Set<String> labels;
    private final Supplier<Set<String>> devices;

    /**
     * @param labels  the kboot labels (a word that names one is a label, not a file)
     * @param devices the block device names known now (to tell {@code sda2:x} from a host name)
     */
    public EntryPaths(Set<String> labels, Supplier<Set<String>> devices) {
        this.labels = Set.copyOf(labels);
        this.devices = devices;
    }

    /** Paths with no labels and no known devices (tests, and configs that name devices by tag). */
    public static EntryPaths plain() {
        return new EntryPaths(Set.of(), Set::of);
    }

    /** The location {@code text}, a path of an entry read from a config with {@code context}, names. */
    public Location resolve(String text, PathContext context) {
        return resolve(PathParser.parse(text), context);
    }

    public Location resolve(ParsedPath parsed, PathContext context) {
        String text = parsed.text();
        if (text.startsWith("(") && text.indexOf(')') > 1) {
            // GRUB's (device)/path: the device the config named, not the entry's own
            int close = text.indexOf(')');
            String device = text.substring(1, close);
            String path = Segments.normalizeAbsolute(text.substring(close + 1));
            return onDevice(device, path, "(" + device + ")");
        }
        String spec = deviceOf(context);
        Location cwd = directory(context, spec);
        Location location = new PathResolver(new PathResolver.Context(labels, devices.get(), cwd)).resolve(parsed);
        if (location instanceof Location.Booted b && spec != null) return onDevice(spec, b.path(), spec);
        return location;
    }

    /** The volume an entry's paths are on: GRUB's root when it set one, else where the config was. */
    private static String deviceOf(PathContext context) {
        if (context.baseUrl() != null) return null;
        String spec = context.root() != null ? context.root() : context.device();
        return spec == null || spec.isBlank() ? null : spec;
    }

    private Location directory(PathContext context, String spec) {
        if (context.baseUrl() != null) {
            Location base = PathParser.parse(context.baseUrl()).unambiguous().orElse(null);
            if (base != null) return base;
        }
        String dir = context.directory() == null || context.directory().isBlank() ? "/"
                : Segments.normalizeAbsolute(context.directory());
        return spec != null ? onDevice(spec, dir, spec) : new Location.Booted(dir);
    }

    /** {@code path} on the volume {@code spec} names: a device by name or tag, or a directory. */
    private static Location onDevice(String spec, String path, String shown) {
        if (spec.startsWith("/") && !spec.startsWith("/dev/")) {
            return new Location.Loader(Segments.normalizeAbsolute(spec + "/" + path));
        }
        if (FIRMWARE.matcher(spec).matches()) {
            throw new LobosException("the entry names GRUB's firmware disk " + shown + ", which lobos cannot map to"
                    + " a Linux device", "name the device instead, e.g. vda2:" + path + " or UUID=...:" + path
                    + " (lobos devices lists them)");
        }
        DeviceRef ref = DeviceRef.fromSpec(spec).orElse(null);
        if (ref == null && DeviceRef.Named.valid(spec)) ref = new DeviceRef.Named(spec);
        if (ref == null) {
            throw new LobosException("the entry's device " + shown + " names no device",
                    "lobos devices lists the devices, their UUIDs and labels");
        }
        return new Location.DeviceFile(ref, path);
    }
}
