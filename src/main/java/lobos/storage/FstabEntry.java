package lobos.storage;

import java.util.List;
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
        return DeviceRef.fromSpec(spec);
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
