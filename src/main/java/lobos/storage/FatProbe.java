package lobos.storage;

import static lobos.storage.Bytes.le16;
import static lobos.storage.Bytes.le32;
import static lobos.storage.Bytes.u8;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * FAT12/16/32 (blkid's "vfat"). The FAT width follows from the cluster count, as the spec
 * says. The label is the volume-label entry of the root directory if there is one (what
 * blkid reports as LABEL), else the boot sector's copy unless it is "NO NAME".
 */
final class FatProbe implements FsProbe {
    /** Root directories are read up to this many bytes: a label is normally the first entry. */
    private static final int MAX_ROOT_BYTES = 256 * 1024;

    private record Geometry(int bytesPerSector, int sectorsPerCluster, long fatStart, long fatBytes, long rootStart,
            long rootBytes, long dataStart, long rootCluster, String version) {}

    @Override
    public Optional<FsInfo> probe(BlockSource source) {
        if (!source.has(0, 512)) return Optional.empty();
        byte[] b = source.read(0, 512);
        boolean fat32 = Bytes.startsWith(b, 0x52, "FAT32   ");
        boolean fat16 = Bytes.startsWith(b, 0x36, "FAT1") || Bytes.startsWith(b, 0x36, "FAT     ");
        boolean dos = Bytes.startsWith(b, 3, "MSWIN") || Bytes.startsWith(b, 3, "MSDOS");
        if (!fat32 && !fat16 && !dos) return Optional.empty();
        Geometry g = geometry(b);
        if (g == null) return Optional.empty();

        int serialAt = g.version.equals("FAT32") ? 0x43 : 0x27;
        int signatureAt = serialAt - 1;
        boolean extended = u8(b, signatureAt) == 0x29 || u8(b, signatureAt) == 0x28;
        String uuid = extended ? Bytes.serial(le32(b, serialAt)) : null;
        String bootLabel = u8(b, signatureAt) == 0x29 ? Bytes.padded(b, serialAt + 4, 11, StandardCharsets.ISO_8859_1) : null;
        if ("NO NAME".equals(bootLabel)) bootLabel = null;
        String label = rootLabel(source, g);
        if (label == null) label = bootLabel;

        long sectors = le16(b, 0x13) != 0 ? le16(b, 0x13) : le32(b, 0x20);
        return Optional.of(new FsInfo("vfat", FsInfo.Usage.FILESYSTEM, g.version, uuid, label, g.bytesPerSector,
                sectors * g.bytesPerSector, bootLabel == null ? Map.of() : Map.of("label_fatboot", bootLabel)));
    }

    /** The BPB's numbers, or null if they are not those of a FAT file system. */
    private static Geometry geometry(byte[] b) {
        int bytesPerSector = le16(b, 0x0B);
        int sectorsPerCluster = u8(b, 0x0D);
        int reserved = le16(b, 0x0E);
        int fats = u8(b, 0x10);
        int rootEntries = le16(b, 0x11);
        int media = u8(b, 0x15);
        long sectors = le16(b, 0x13) != 0 ? le16(b, 0x13) : le32(b, 0x20);
        long fatSectors = le16(b, 0x16) != 0 ? le16(b, 0x16) : le32(b, 0x24);
        if (bytesPerSector < 512 || bytesPerSector > 4096 || !Bytes.powerOfTwo(bytesPerSector)
                || !Bytes.powerOfTwo(sectorsPerCluster) || reserved == 0 || fats == 0 || fats > 4
                || (media != 0xF0 && media < 0xF8) || sectors == 0 || fatSectors == 0) {
            return null;
        }
        long rootSectors = ((long) rootEntries * 32 + bytesPerSector - 1) / bytesPerSector;
        long fatStart = (long) reserved * bytesPerSector;
        long rootStart = fatStart + fats * fatSectors * bytesPerSector;
        long dataStart = rootStart + rootSectors * bytesPerSector;
        long dataSectors = sectors - reserved - fats * fatSectors - rootSectors;
        if (dataSectors <= 0) return null;
        long clusters = dataSectors / sectorsPerCluster;
        String version;
        if (le16(b, 0x16) == 0) version = "FAT32";
        else if (clusters < 4085) version = "FAT12";
        else version = "FAT16";
        return new Geometry(bytesPerSector, sectorsPerCluster, fatStart, fatSectors * bytesPerSector, rootStart,
                (long) rootEntries * 32, dataStart, version.equals("FAT32") ? le32(b, 0x2C) : 0, version);
    }

    private static String rootLabel(BlockSource source, Geometry g) {
        if (!g.version.equals("FAT32")) {
            long length = Math.min(g.rootBytes, MAX_ROOT_BYTES);
            return source.has(g.rootStart, length) ? labelEntry(source.read(g.rootStart, (int) length)) : null;
        }
        long clusterBytes = (long) g.sectorsPerCluster * g.bytesPerSector;
        if (clusterBytes > MAX_ROOT_BYTES) return null;
        long cluster = g.rootCluster;
        for (long i = 0; i < MAX_ROOT_BYTES / clusterBytes && cluster >= 2 && cluster < 0x0FFFFFF7; i++) {
            long at = g.dataStart + (cluster - 2) * clusterBytes;
            if (!source.has(at, clusterBytes)) return null;
            byte[] dir = source.read(at, (int) clusterBytes);
            String label = labelEntry(dir);
            if (label != null || endOfDirectory(dir)) return label;
            long entry = g.fatStart + cluster * 4;
            if (entry + 4 > g.fatStart + g.fatBytes || !source.has(entry, 4)) return null;
            cluster = le32(source.read(entry, 4), 0) & 0x0FFFFFFF;
        }
        return null;
    }

    /** The volume-label entry among 32-byte directory entries, or null. */
    private static String labelEntry(byte[] dir) {
        for (int off = 0; off + 32 <= dir.length; off += 32) {
            int first = u8(dir, off);
            if (first == 0) return null;
            int attributes = u8(dir, off + 11);
            if (first == 0xE5 || attributes == 0x0F || (attributes & 0x18) != 0x08) continue;
            byte[] name = java.util.Arrays.copyOfRange(dir, off, off + 11);
            if (first == 0x05) name[0] = (byte) 0xE5;
            return Bytes.padded(name, 0, 11, StandardCharsets.ISO_8859_1);
        }
        return null;
    }

    private static boolean endOfDirectory(byte[] dir) {
        for (int off = 0; off + 32 <= dir.length; off += 32) {
            if (dir[off] == 0) return true;
        }
        return false;
    }
}
