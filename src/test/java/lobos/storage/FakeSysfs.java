package lobos.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds a sysfs-like tree of block devices in a test directory, the way the kernel lays it out. */
final class FakeSysfs {
    final Path root;

    FakeSysfs(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("block"));
    }

    /** /sys/block/NAME with dev, size (512-byte sectors), removable, ro and optional device/model. */
    Path disk(String name, String dev, long sectors, String model, boolean removable) throws IOException {
        Path dir = root.resolve("block").resolve(name);
        write(dir, "dev", dev);
        write(dir, "size", String.valueOf(sectors));
        write(dir, "removable", removable ? "1" : "0");
        write(dir, "ro", "0");
        write(dir, "queue/logical_block_size", "512");
        if (model != null) write(dir, "device/model", model + "         "); // the kernel pads SCSI models
        return dir;
    }

    /** /sys/block/DISK/NAME with partition, dev, size, start, ro. */
    Path partition(String disk, String name, int number, String dev, long start, long sectors) throws IOException {
        Path dir = root.resolve("block").resolve(disk).resolve(name);
        write(dir, "partition", String.valueOf(number));
        write(dir, "dev", dev);
        write(dir, "size", String.valueOf(sectors));
        write(dir, "start", String.valueOf(start));
        write(dir, "ro", "0");
        return dir;
    }

    static void write(Path dir, String attribute, String value) throws IOException {
        Path file = dir.resolve(attribute);
        Files.createDirectories(file.getParent());
        Files.writeString(file, value + "\n");
    }
}
