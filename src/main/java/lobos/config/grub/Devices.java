package lobos.config.grub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import lobos.config.ConfigException;
import lobos.config.Volume;
import lobos.config.VolumeFiles;

/**
 * GRUB device names and file names mapped onto the volumes lobos was given.
 *
 * <p>Each volume gets a GRUB device name: its device ({@code vda1}), else {@code UUID=...},
 * else {@code LABEL=...}, else a made-up {@code lobos-volume-N}. {@code search} sets variables to
 * these names; a search for a UUID or label that no volume has yields the symbolic
 * {@code UUID=...}/{@code LABEL=...} name, which the loader can resolve later when that device
 * appears. GRUB's BIOS disk names ({@code hd0,gpt2}) are mapped by {@link FirmwareDisks} (BIOS
 * disk order = the order of the volumes' disks); where that finds no volume, or for other
 * firmware names ({@code cd0}, {@code ahci0,msdos1}), lobos looks for files on the volume the
 * config came from (almost always right: grub-mkconfig names the disk it runs from), keeps the
 * name as written in an entry's {@link lobos.config.PathContext}, and warns on the entry.
 *
 * <p>A file name is {@code (device)/path} or {@code /path} (on {@code $root}). Files are read
 * through {@link VolumeFiles}: only inside a volume, with its size bound.
 */
final class Devices {
    /** A GRUB file name split into its device (and volume, null if unknown) and path. */
    record Location(Volume volume, String device, String path) {}

    private final Volume main;
    private final List<Volume> volumes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private final FirmwareDisks firmware;

    Devices(Volume main, List<Volume> others) {
        this.main = main;
        add(main);
        for (Volume v : others) if (!volumes.contains(v)) add(v);
        this.firmware = new FirmwareDisks(others.contains(main) ? others : volumes);
    }

    /** Whether a volume lobos was given is called {@code device} (vda1, UUID=...): then it is no firmware name. */
    boolean isVolumeName(String device) {
        return names.contains(device);
    }

    /** What a firmware name maps to, and the note an entry that uses it carries. */
    FirmwareDisks.Mapping firmware(String device) {
        return firmware.map(device);
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

    /** The one volume there is, if it has no device, UUID or label (a bare directory); else null. */
    Volume soleUnidentified() {
        return volumes.size() == 1 && identity(main) == null ? main : null;
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
        if (isFirmwareName(device)) {
            Volume mapped = firmware.map(device).volume();
            return mapped != null ? mapped : main;
        }
        return null;
    }

    /** GRUB's own disk names (BIOS/EFI/ATA/USB disks, CD, floppy, RAID, LVM), optionally with a partition. */
    static boolean isFirmwareName(String device) {
        return FIRMWARE_NAME.matcher(device).matches();
    }

    private static final Pattern FIRMWARE_NAME = Pattern.compile("(hd|cd|fd|ahci|ata|usb|scsi|nvme|md|lvm|lvmid"
            + "|mduuid|cryptouuid|crypto|ieee1275|efidisk|arc)[0-9a-zA-Z/._:-]*(,[0-9a-zA-Z,]*)?");

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

    /** The volume path of a located file ({@code $btrfs_subvol} first), or null if its volume is unknown. */
    static String path(Location where, String subvolume) {
        if (where.volume() == null) return null;
        String rel = where.path();
        if (subvolume != null && !subvolume.isEmpty()) rel = subvolume + "/" + rel;
        return rel.startsWith("/") ? rel : "/" + rel;
    }

    /** What was found at each (volume, path): files do not change while lobos reads a config. */
    private final java.util.Map<java.util.List<Object>, VolumeFiles.Kind> kinds = new java.util.HashMap<>();

    /** What is at a located path: through {@link VolumeFiles}, whose links stay in the volume. */
    VolumeFiles.Kind kind(Location where, String subvolume) {
        String path = path(where, subvolume);
        if (path == null) return VolumeFiles.Kind.MISSING;
        return kinds.computeIfAbsent(java.util.List.of(where.volume(), path),
                k -> VolumeFiles.kind(where.volume(), path));
    }

    static long size(Location where, String subvolume) {
        String path = path(where, subvolume);
        return path == null ? 0 : VolumeFiles.size(where.volume(), path);
    }

    /** Files read so far: each is read once while lobos reads a config. */
    private final java.util.Map<Path, byte[]> contents = new java.util.HashMap<>();

    /** Reads a whole file through {@link VolumeFiles} (its size bound, its link rule). */
    byte[] read(Location where, String subvolume, String what) {
        String shown = display(where);
        String path = path(where, subvolume);
        if (path == null) {
            throw new ScriptError("cannot read " + what + " " + shown + ": no volume known as '" + where.device() + "'");
        }
        Path real = VolumeFiles.resolve(where.volume(), path).orElse(null);
        if (real == null) {
            throw new ScriptError(what + " " + shown + " not found"
                    + (subvolume != null && !subvolume.isEmpty() ? " in btrfs subvolume " + subvolume : ""));
        }
        byte[] cached = contents.get(real);
        if (cached != null) return cached;
        if (VolumeFiles.kind(where.volume(), path) != VolumeFiles.Kind.FILE) {
            throw new ScriptError(what + " " + shown + " is not a file");
        }
        try {
            byte[] data = VolumeFiles.readBytes(where.volume(), path).orElseThrow(
                    () -> new ScriptError(what + " " + shown + " not found"));
            contents.put(real, data);
            return data;
        } catch (ConfigException e) {
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
        if (isFirmwareName(root)) {
            Volume mapped = firmware.map(root).volume();
            return mapped != null ? identity(mapped) : root;
        }
        Volume v = byName(root);
        if (v == null) return root;
        String id = identity(v);
        if (id != null || v == main) return id;
        return v.root().toString();
    }
}
