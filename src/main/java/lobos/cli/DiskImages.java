package lobos.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lobos.LobosException;
import lobos.storage.BlockSource;
import lobos.storage.FsInfo;
import lobos.storage.Partition;
import lobos.storage.PartitionTable;
import lobos.storage.PartitionTables;
import lobos.storage.StorageException;
import lobos.storage.Superblocks;

/**
 * What {@code lobos list} says about a disk or file-system image. lobos reads configs only
 * through a mounted file system (reading ext4, FAT or ISO 9660 files in Java is code lobos does
 * not have), so it names what the image holds, probed with {@code lobos.storage} without mounting,
 * and how to mount each file system read-only and list it with its identity.
 */
final class DiskImages {
    private DiskImages() {}

    static LobosException notReadable(Path image) {
        List<String> lines = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ);
                BlockSource source = BlockSource.of(ch, -1, image.toString())) {
            Optional<PartitionTable> table = PartitionTables.read(source);
            if (table.isPresent()) {
                for (Partition p : table.get().partitions()) {
                    long offset = p.start() * table.get().sectorSize();
                    long size = p.size() * table.get().sectorSize();
                    Optional<FsInfo> fs = Superblocks.probe(source.slice(offset, size, "partition " + p.number()));
                    lines.add(describe("partition " + p.number(), fs, image, offset));
                }
            } else {
                lines.add(describe("the image", Superblocks.probe(source), image, 0));
            }
        } catch (IOException | StorageException e) {
            lines.add("(cannot probe it: " + e.getMessage() + ")");
        }
        return new LobosException(image + ": a file, not a directory: lobos reads configs only from a mounted file"
                + " system", String.join("\n  ", lines));
    }

    private static String describe(String what, Optional<FsInfo> fs, Path image, long offset) {
        if (fs.isEmpty()) return what + ": no file system lobos knows";
        FsInfo f = fs.get();
        StringBuilder identity = new StringBuilder();
        if (f.uuid() != null) identity.append(",uuid=").append(f.uuid());
        if (f.label() != null && !f.label().isEmpty()) identity.append(",label=").append(f.label());
        return what + ": " + f.type() + (f.uuid() != null ? " UUID=" + f.uuid() : "")
                + (f.label() != null && !f.label().isEmpty() ? " LABEL=" + f.label() : "")
                + "; mount -o loop,ro" + (offset > 0 ? ",offset=" + offset : "") + " " + image + " DIR && lobos list DIR"
                + identity;
    }
}
