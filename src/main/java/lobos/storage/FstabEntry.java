package lobos.storage;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lobos.path.DeviceRef;

/**
 * One line of /etc/fstab, escapes (\040 and friends) decoded.
 *
 * @param spec       what to mount: /dev/sda1, UUID=..., LABEL=..., PARTUUID=..., PARTLABEL=..., host:/export, proc...
 * @param mountPoint where, without trailing slash ("/" for the root); "none" or "swap" for swap
 * @param type       file-system type ("auto" when the line has none)
 * @param options    mount options in order ("defaults" when the line has none)
 * @param line       1-based line number in the file
 */
public record FstabEntry(String spec, String mountPoint, String type, List<String> options, int freq, int passno, int line) {
    public FstabEntry {
        options = List.copyOf(options);
    }

    /** The device the spec names, if it names one: /dev/NAME or a tag. Empty for NFS, pseudo file systems, none. */
    public Optional<DeviceRef> device() {
        int eq = spec.indexOf('=');
        if (eq > 0) {
            String tag = spec.substring(0, eq).toUpperCase(Locale.ROOT);
            String value = spec.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
            for (DeviceRef.Tag t : DeviceRef.Tag.values()) {
                if (t.name().equals(tag) && DeviceRef.Tagged.validValue(value)) return Optional.of(new DeviceRef.Tagged(t, value));
            }
            return Optional.empty();
        }
        if (spec.startsWith("/dev/") && DeviceRef.Named.valid(spec.substring(5))) {
            return Optional.of(new DeviceRef.Named(spec.substring(5)));
        }
        return Optional.empty();
    }

    /** Whether the options say read-only. */
    public boolean readOnly() {
        return options.contains("ro");
    }

    /** Swap areas are in fstab but are never mounted. */
    public boolean swap() {
        return type.equals("swap");
    }
}
