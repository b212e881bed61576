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
 * by sfdisk, ext4 partitions made by mke2fs from a directory, FAT partitions made by
 * mkfs.vfat and filled with mtools, each with the label and UUID the test gives.
 */
final class DiskImage {
    private static final long SECTOR = 512, EXT4_START = 2048, EXT4_SECTORS = 96 * 2048, FAT_SECTORS = 16 * 2048;

    private DiskImage() {}

    /**
     * One partition: an ext4 or FAT file system made from a directory, with its label and UUID
     * (ext4: a UUID; FAT: its volume id, {@code ABCD-1234}; null for a random one).
     */
    record Part(String type, String label, String uuid, Path tree, long mib) {
        static Part ext4(String label, String uuid, Path tree, long mib) {
            return new Part("ext4", label, uuid, tree, mib);
        }

        static Part fat(String label, String uuid, Path tree, long mib) {
            return new Part("vfat", label, uuid, tree, mib);
        }
    }

    /**
     * Partition 1: ext4 labelled {@code ext4Label} holding {@code ext4Tree}; partition 2: FAT
     * labelled {@code fatLabel} holding {@code fatFiles} (name in the root -> host file).
     */
    static Path make(Path directory, String ext4Label, Path ext4Tree, String fatLabel, Map<String, Path> fatFiles)
            throws IOException, InterruptedException {
        Path fatTree = directory.toAbsolutePath().resolve("fat-tree");
        deleteTree(fatTree);
        Files.createDirectories(fatTree);
        for (var e : fatFiles.entrySet()) Files.copy(e.getValue(), fatTree.resolve(e.getKey()));
        return make(directory.toAbsolutePath().resolve("disk.img"), List.of(
                Part.ext4(ext4Label, null, ext4Tree, EXT4_SECTORS / 2048), Part.fat(fatLabel, null, fatTree, FAT_SECTORS / 2048)));
    }

    /** An MBR disk at {@code disk} holding {@code parts} in order (partition 1 first). */
    static Path make(Path file, List<Part> parts) throws IOException, InterruptedException {
        Path disk = file.toAbsolutePath();
        Path dir = disk.getParent();
        Files.createDirectories(dir);
        Files.deleteIfExists(disk);
        StringBuilder table = new StringBuilder("label: dos\n");
        long start = EXT4_START;
        List<Long> starts = new ArrayList<>();
        for (Part p : parts) {
            long sectors = p.mib() * 2048;
            starts.add(start);
            table.append("start=").append(start).append(", size=").append(sectors).append(", type=")
                    .append(p.type().equals("ext4") ? "83" : "c").append('\n');
            start += sectors;
        }
        try (FileChannel c = FileChannel.open(disk, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            c.write(java.nio.ByteBuffer.wrap(new byte[1]), start * SECTOR - 1);
        }
        run(dir, table.toString(), "sfdisk", "--quiet", disk.toString());
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            Path image = dir.resolve(disk.getFileName() + ".p" + (i + 1));
            Files.deleteIfExists(image);
            if (p.type().equals("ext4")) {
                List<String> cmd = new ArrayList<>(List.of("mke2fs", "-q", "-F", "-t", "ext4", "-L", p.label()));
                if (p.uuid() != null) cmd.addAll(List.of("-U", p.uuid()));
                cmd.addAll(List.of("-d", p.tree().toAbsolutePath().toString(), image.toString(), (p.mib() * 1024) + "k"));
                run(dir, null, cmd.toArray(String[]::new));
            } else {
                List<String> cmd = new ArrayList<>(List.of("mkfs.vfat", "-n", p.label()));
                if (p.uuid() != null) cmd.addAll(List.of("-i", p.uuid().replace("-", "")));
                cmd.addAll(List.of("-C", image.toString(), Long.toString(p.mib() * 1024)));
                run(dir, null, cmd.toArray(String[]::new));
                try (var children = Files.list(p.tree())) {
                    for (Path child : children.sorted().toList()) {
                        run(dir, null, "mcopy", "-s", "-i", image.toString(), child.toAbsolutePath().toString(),
                                "::/" + child.getFileName());
                    }
                }
            }
            copyInto(image, disk, starts.get(i) * SECTOR);
            Files.delete(image);
        }
        return disk;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
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
