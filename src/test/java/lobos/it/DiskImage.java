package lobos.it;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A disk image for QEMU made with the real tools, no root and no loop device: an MBR written
 * by sfdisk, an ext4 partition made by mke2fs from a directory, a FAT partition made by
 * mkfs.vfat and filled with mtools.
 */
final class DiskImage {
    private static final long SECTOR = 512, EXT4_START = 2048, EXT4_SECTORS = 96 * 2048, FAT_SECTORS = 16 * 2048;

    private DiskImage() {}

    /**
     * Partition 1: ext4 labelled {@code ext4Label} holding {@code ext4Tree}; partition 2: FAT
     * labelled {@code fatLabel} holding {@code fatFiles} (name in the root -> host file).
     */
    static Path make(Path directory, String ext4Label, Path ext4Tree, String fatLabel, Map<String, Path> fatFiles)
            throws IOException, InterruptedException {
        Path dir = directory.toAbsolutePath();
        Path disk = dir.resolve("disk.img");
        Path ext4 = dir.resolve("p1.img");
        Path fat = dir.resolve("p2.img");
        Files.deleteIfExists(disk);
        Files.deleteIfExists(ext4);
        Files.deleteIfExists(fat);
        long fatStart = EXT4_START + EXT4_SECTORS;
        try (FileChannel c = FileChannel.open(disk, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            c.write(java.nio.ByteBuffer.wrap(new byte[1]), (fatStart + FAT_SECTORS) * SECTOR - 1);
        }
        run(dir, "label: dos\nstart=" + EXT4_START + ", size=" + EXT4_SECTORS + ", type=83\nstart=" + fatStart
                + ", size=" + FAT_SECTORS + ", type=c\n", "sfdisk", "--quiet", disk.toString());
        run(dir, null, "mke2fs", "-q", "-F", "-t", "ext4", "-L", ext4Label, "-d", ext4Tree.toAbsolutePath().toString(), ext4.toString(),
                (EXT4_SECTORS / 2) + "k");
        run(dir, null, "mkfs.vfat", "-n", fatLabel, "-C", fat.toString(), Long.toString(FAT_SECTORS / 2));
        for (var e : fatFiles.entrySet()) {
            run(dir, null, "mcopy", "-i", fat.toString(), e.getValue().toAbsolutePath().toString(), "::/" + e.getKey());
        }
        copyInto(ext4, disk, EXT4_START * SECTOR);
        copyInto(fat, disk, fatStart * SECTOR);
        Files.delete(ext4);
        Files.delete(fat);
        return disk;
    }

    private static void copyInto(Path part, Path disk, long offset) throws IOException {
        try (FileChannel in = FileChannel.open(part); FileChannel out = FileChannel.open(disk, StandardOpenOption.WRITE)) {
            long done = 0;
            while (done < in.size()) done += in.transferTo(done, in.size() - done, out.position(offset + done));
        }
    }

    private static void run(Path dir, String input, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        if (input != null) p.getOutputStream().write(input.getBytes());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
}
