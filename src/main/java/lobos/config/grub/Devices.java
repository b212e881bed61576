package lobos.config.grub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lobos.config.Volume;

/**
 * GRUB device names and file names mapped onto the volumes lobos was given.
 *
 * <p>Each volume gets a GRUB device name: its device ({@code vda1}), else {@code UUID=...},
 * else {@code LABEL=...}, else a made-up {@code lobos-volume-N}. {@code search} sets variables to
 * these names; a search for a UUID or label that no volume has yields the symbolic
 * {@code UUID=...}/{@code LABEL=...} name, which the loader can resolve later when that device
 * appears. GRUB's firmware names ({@code hd0,gpt2}, {@code cd0}, {@code ahci0,msdos1}) cannot be
 * mapped without the firmware: while lobos reads the config it looks for files named that way
 * on the volume the config came from (almost always right: grub-mkconfig names the disk it
 * runs from), and it keeps the name as written in an entry's {@link lobos.config.PathContext}.
 *
 * <p>A file name is {@code (device)/path} or {@code /path} (on {@code $root}). Files are read
 * only inside a volume's root: {@code ..} and symbolic links that lead outside are refused.
 */
final class Devices {
    /** A GRUB file name split into its device (and volume, null if unknown) and path. */
    record Location(Volume volume, String device, String path) {}

    static final long MAX_FILE = 4 << 20;

    private final Volume main;
    private final List<Volume> volumes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    Devices(Volume main, List<Volume> others) {
        this.main = main;
        add(main);
        for (Volume v : others) if (!volumes.contains(v)) add(v);
    }

    private void add(Volume v) {
        volumes.add(v);
        String name = identity(v);
        names.add(name != null ? name : "lobos-volume-" + volumes.size());
    }

    /** How the user would name a volume (device, UUID=, LABEL=), or null if it has no identity. */
    static String identity(Volume v) {
        if (v.device() != null && !v.device().isBlank()) return v.device();
        if (v.uuid() != null && !v.uuid().isBlank()) return "UUID=" + v.uuid();
        if (v.label() != null && !v.label().isBlank()) return "LABEL=" + v.label();
        return null;
    }

    Volume main() {
        return main;
    }

    List<Volume> all() {
        return volumes;
    }

    String name(Volume v) {
        return names.get(volumes.indexOf(v));
    }

    Volume byUuid(String uuid) {
        for (Volume v : volumes) if (v.uuid() != null && v.uuid().equalsIgnoreCase(uuid)) return v;
        return null;
    }

    Volume byLabel(String label) {
        for (Volume v : volumes) if (label.equals(v.label())) return v;
        return null;
    }

    /** The volume a device name denotes, or null if no known volume matches. */
    Volume byName(String device) {
        for (int i = 0; i < volumes.size(); i++) if (names.get(i).equals(device)) return volumes.get(i);
        String upper = device.toUpperCase(Locale.ROOT);
        if (upper.startsWith("UUID=")) return byUuid(device.substring(5));
        if (upper.startsWith("LABEL=")) return byLabel(device.substring(6));
        if (isFirmwareName(device)) return main;
        return null;
    }

    /** GRUB's own disk names (BIOS/EFI/ATA/USB disks, CD, floppy, RAID, LVM), optionally with a partition. */
    static boolean isFirmwareName(String device) {
        return device.matches("(hd|cd|fd|ahci|ata|usb|scsi|nvme|md|lvm|lvmid|mduuid|cryptouuid|crypto|ieee1275"
                + "|efidisk|arc)[0-9a-zA-Z/._:-]*(,[0-9a-zA-Z,]*)?");
    }

    /** Splits a GRUB file name; paths without a device are on {@code root}. */
    Location locate(String grubPath, String root) {
        String device;
        String path;
        if (grubPath.startsWith("(")) {
            int close = grubPath.indexOf(')');
            if (close < 0) throw new ScriptError("missing ')' in file name '" + grubPath + "'");
            device = grubPath.substring(1, close);
            path = grubPath.substring(close + 1);
        } else {
            device = root == null ? "" : root;
            path = grubPath;
        }
        if (device.isEmpty()) return new Location(main, name(main), path);
        return new Location(byName(device), device, path);
    }

    /** The file on this machine, or null if it does not exist or leaves its volume. */
    Path file(Location where, String subvolume) {
        if (where.volume() == null) return null;
        String rel = where.path();
        if (subvolume != null && !subvolume.isEmpty()) rel = subvolume + "/" + rel;
        while (rel.startsWith("/")) rel = rel.substring(1);
        try {
            Path base = where.volume().root().toAbsolutePath().normalize();
            Path p = base.resolve(rel).normalize();
            if (!p.startsWith(base)) return null;
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return null;
            Path real = p.toRealPath();
            if (!real.startsWith(base.toRealPath())) return null;
            return real;
        } catch (IOException | InvalidPathException | SecurityException e) {
            return null;
        }
    }

    /** Reads a whole file (at most {@link #MAX_FILE} bytes). */
    byte[] read(Location where, String subvolume, String what) {
        Path p = file(where, subvolume);
        String shown = display(where);
        if (p == null) {
            if (where.volume() == null) {
                throw new ScriptError("cannot read " + what + " " + shown + ": no volume known as '"
                        + where.device() + "'");
            }
            throw new ScriptError(what + " " + shown + " not found"
                    + (subvolume != null && !subvolume.isEmpty() ? " in btrfs subvolume " + subvolume : ""));
        }
        try {
            if (!Files.isRegularFile(p)) throw new ScriptError(what + " " + shown + " is not a file");
            if (Files.size(p) > MAX_FILE) {
                throw new ScriptError(what + " " + shown + " is larger than " + (MAX_FILE >> 20) + " MiB");
            }
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new ScriptError("cannot read " + what + " " + shown + ": " + e.getMessage());
        }
    }

    /** How a file is named in warnings and sources: /path on the config's volume, (device)/path elsewhere. */
    String display(Location where) {
        String path = where.path().startsWith("/") ? where.path() : "/" + where.path();
        if (where.volume() == main) return path;
        return "(" + (where.volume() != null ? name(where.volume()) : where.device()) + ")" + path;
    }

    /**
     * The value a {@link lobos.config.PathContext} root gets for GRUB's {@code $root}: the
     * volume's identity if known (its root directory if it has none, for other volumes); a
     * symbolic or firmware name as written, since only the firmware knows which disk
     * {@code hd1} is.
     */
    String contextRoot(String root) {
        if (root == null || root.isEmpty()) return identity(main);
        if (isFirmwareName(root)) return root;
        Volume v = byName(root);
        if (v == null) return root;
        String id = identity(v);
        if (id != null || v == main) return id;
        return v.root().toString();
    }
}
