package lobos.storage;

import static lobos.storage.Bytes.le32;
import static lobos.storage.Bytes.le64;
import static lobos.storage.Bytes.u8;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** exFAT: "EXFAT   " in the boot sector; the label is an entry (type 0x83) of the root directory. */
final class ExfatProbe implements FsProbe {
    /** The root directory is read up to this many bytes (the label is normally its first entry). */
    private static final int MAX_ROOT_BYTES = 1024 * 1024;

    @Override
    public Optional<FsInfo> probe(BlockSource source) {
        if (!source.has(0, 512)) return Optional.empty();
        byte[] b = source.read(0, 512);
        if (!Bytes.startsWith(b, 3, "EXFAT   ")) return Optional.empty();
        int sectorShift = u8(b, 0x6C);
        int clusterShift = u8(b, 0x6D);
        if (sectorShift < 9 || sectorShift > 12 || clusterShift > 25 - sectorShift) return Optional.empty();
        long sectorSize = 1L << sectorShift;
        long volumeSectors = le64(b, 0x48);
        String version = u8(b, 0x69) + "." + u8(b, 0x68);
        String label = label(source, sectorSize, sectorSize << clusterShift, le32(b, 0x50), le32(b, 0x58), le32(b, 0x60));
        long size = volumeSectors > 0 && volumeSectors < Long.MAX_VALUE >> sectorShift ? volumeSectors << sectorShift : 0;
        return Optional.of(new FsInfo("exfat", FsInfo.Usage.FILESYSTEM, version, Bytes.serial(le32(b, 0x64)), label,
                sectorSize, size, Map.of()));
    }

    private static String label(BlockSource source, long sectorSize, long clusterBytes, long fatSector, long heapSector, long cluster) {
        if (clusterBytes > MAX_ROOT_BYTES) return null;
        long heap = heapSector * sectorSize;
        for (long i = 0; i < MAX_ROOT_BYTES / clusterBytes && cluster >= 2 && cluster < 0xFFFFFFF7L; i++) {
            long at = heap + (cluster - 2) * clusterBytes;
            if (!source.has(at, clusterBytes)) return null;
            byte[] dir = source.read(at, (int) clusterBytes);
            for (int off = 0; off + 32 <= dir.length; off += 32) {
                int type = u8(dir, off);
                if (type == 0) return null;
                if (type == 0x83) {
                    int chars = Math.min(u8(dir, off + 1), 11);
                    return chars == 0 ? null : new String(dir, off + 2, chars * 2, StandardCharsets.UTF_16LE);
                }
            }
            long entry = fatSector * sectorSize + cluster * 4;
            if (!source.has(entry, 4)) return null;
            cluster = le32(source.read(entry, 4), 0);
        }
        return null;
    }
}
