package lobos.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists disks and partitions from sysfs ({@code <root>/block/<disk>/<partition>}), reading only
 * text attributes; the root is a parameter so tests use a fake tree. Like lsblk, devices of
 * size 0 (unused loop devices, empty card readers) and RAM disks (major 1) are left out.
 */
public final class SysfsBlockDevices {
    private SysfsBlockDevices() {}

    public static final Path DEFAULT_ROOT = Path.of("/sys");
    private static final int RAM_MAJOR = 1;

    /** Disks in name order, each followed by its partitions in number order. */
    public static List<BlockDevice> scan(Path sysRoot) {
        Path block = sysRoot.resolve("block");
        if (!Files.isDirectory(block)) {
            throw new StorageException("no " + block + ": cannot list block devices", "mount sysfs on /sys (mount -t sysfs sysfs /sys)");
        }
        List<BlockDevice> out = new ArrayList<>();
        for (Path disk : children(block)) {
            BlockDevice d = device(disk, null);
            if (d == null || d.size() == 0 || d.major() == RAM_MAJOR) continue;
            out.add(d);
            children(disk).stream()
                    .filter(p -> Files.isRegularFile(p.resolve("partition")))
                    .map(p -> device(p, d))
                    .filter(p -> p != null && p.size() > 0)
                    .sorted(Comparator.comparingInt(BlockDevice::partition))
                    .forEach(out::add);
        }
        return out;
    }

    /**
     * The device whose sysfs directory is {@code dir}, or null if it has no readable "dev"
     * attribute. A partition takes model, vendor, removable and sector size from its disk.
     */
    private static BlockDevice device(Path dir, BlockDevice disk) {
        String dev = attribute(dir, "dev");
        if (dev == null || !dev.matches("[0-9]{1,9}:[0-9]{1,9}")) return null;
        int colon = dev.indexOf(':');
        int major = Integer.parseInt(dev.substring(0, colon));
        int minor = Integer.parseInt(dev.substring(colon + 1));
        long sectors = number(attribute(dir, "size"));
        long size = sectors > 0 && sectors < Long.MAX_VALUE / 512 ? sectors * 512 : 0;
        String name = dir.getFileName().toString();
        boolean readOnly = "1".equals(attribute(dir, "ro"));
        String mapperName = attribute(dir, "dm/name");
        if (disk == null) {
            return new BlockDevice(name, major, minor, size, attribute(dir, "device/model"), attribute(dir, "device/vendor"),
                    "1".equals(attribute(dir, "removable")), readOnly, 0, null, sectorSize(dir), mapperName);
        }
        int number = (int) Math.min(number(attribute(dir, "partition")), Integer.MAX_VALUE);
        if (number <= 0) return null;
        return new BlockDevice(name, major, minor, size, disk.model(), disk.vendor(), disk.removable(), readOnly, number,
                disk.name(), disk.sectorSize(), mapperName);
    }

    private static int sectorSize(Path dir) {
        long size = number(attribute(dir, "queue/logical_block_size"));
        return size >= 512 && size <= 65536 && Bytes.powerOfTwo(size) ? (int) size : 512;
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** An attribute's text, trimmed; null if missing, unreadable or blank. */
    private static String attribute(Path dir, String name) {
        try {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file) || Files.size(file) > 4096) return null;
            String s = Files.readString(file).strip();
            return s.isEmpty() ? null : s;
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    private static long number(String s) {
        return s != null && s.matches("[0-9]{1,18}") ? Long.parseLong(s) : -1;
    }

    /** The names of the block devices the kernel knows now (/sys/class/block), without /dev/. */
    public static java.util.Set<String> names() {
        java.util.Set<String> names = new java.util.HashSet<>();
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(DEFAULT_ROOT.resolve("class/block"))) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        } catch (java.io.IOException e) {
            // no sysfs: no names
        }
        return names;
    }
}
