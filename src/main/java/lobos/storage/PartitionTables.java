package lobos.storage;

import static lobos.storage.Bytes.le32;
import static lobos.storage.Bytes.le64;
import static lobos.storage.Bytes.u8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Reads MBR (primary, extended and logical partitions) and GPT partition tables. GPT headers
 * and entry arrays are checked against their CRC32s; a bad primary header falls back to the
 * backup at the end of the disk, as firmware does.
 */
public final class PartitionTables {
    private PartitionTables() {}

    /** Extended boot records followed at most (the chain may be a loop or absurdly long). */
    private static final int MAX_LOGICAL = 128;
    private static final long MAX_ENTRY_BYTES = 1 << 20;

    /**
     * The partition table on {@code disk}, or empty if there is none. A GPT that is there but
     * broken (both headers fail their checks) throws {@link StorageException}.
     */
    public static Optional<PartitionTable> read(BlockSource disk) {
        for (int sectorSize : new int[] {512, 4096}) {
            if (disk.has(sectorSize, 8) && Bytes.startsWith(disk.read(sectorSize, 8), 0, "EFI PART")) {
                return Optional.of(gpt(disk, sectorSize));
            }
        }
        if (!disk.has(0, 512)) return Optional.empty();
        byte[] mbr = disk.read(0, 512);
        if (u8(mbr, 510) != 0x55 || u8(mbr, 511) != 0xAA) return Optional.empty();
        for (int i = 0; i < 4; i++) {
            if (u8(mbr, 446 + i * 16 + 4) == 0xEE) {
                throw new StorageException(disk.name() + ": protective MBR but no GPT header at LBA 1",
                        "the GPT is damaged: sgdisk --verify (or gdisk's recovery menu) can rebuild it from the backup");
            }
        }
        return dos(disk, mbr);
    }

    // ---- MBR

    private static Optional<PartitionTable> dos(BlockSource disk, byte[] mbr) {
        long diskId = le32(mbr, 440);
        List<Partition> parts = new ArrayList<>();
        Partition extended = null;
        for (int i = 0; i < 4; i++) {
            int off = 446 + i * 16;
            int flags = u8(mbr, off);
            if (flags != 0 && flags != 0x80) return Optional.empty(); // boot code or a FAT boot sector, not a table
            int type = u8(mbr, off + 4);
            long start = le32(mbr, off + 8);
            long sectors = le32(mbr, off + 12);
            if (type == 0 || sectors == 0) continue;
            Partition p = new Partition(i + 1, start * 512, sectors * 512, hexType(type), partUuid(diskId, i + 1), null, flags);
            parts.add(p);
            if (extended == null && p.extended()) extended = p;
        }
        if (parts.isEmpty()) return Optional.empty();
        if (extended != null) parts.addAll(logicals(disk, diskId, extended.start() / 512));
        return Optional.of(new PartitionTable(PartitionTable.Type.DOS, String.format("%08x", diskId), 512, parts));
    }

    /** Follows the chain of extended boot records; each holds one logical partition and a link to the next. */
    private static List<Partition> logicals(BlockSource disk, long diskId, long extendedStart) {
        List<Partition> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long ebr = extendedStart;
        int number = 5;
        while (seen.size() < MAX_LOGICAL && seen.add(ebr) && disk.has(ebr * 512, 512)) {
            byte[] b = disk.read(ebr * 512, 512);
            if (u8(b, 510) != 0x55 || u8(b, 511) != 0xAA) break;
            int type = u8(b, 446 + 4);
            long start = le32(b, 446 + 8);
            long sectors = le32(b, 446 + 12);
            if (type != 0 && sectors != 0) {
                out.add(new Partition(number, (ebr + start) * 512, sectors * 512, hexType(type), partUuid(diskId, number),
                        null, u8(b, 446)));
                number++;
            }
            int nextType = u8(b, 462 + 4);
            long next = le32(b, 462 + 8);
            if (nextType != 0x05 && nextType != 0x0F && nextType != 0x85 || next == 0) break;
            ebr = extendedStart + next;
        }
        return out;
    }

    private static String hexType(int type) {
        return "0x" + Integer.toHexString(type);
    }

    private static String partUuid(long diskId, int number) {
        return String.format("%08x-%02x", diskId, number);
    }

    // ---- GPT

    private static PartitionTable gpt(BlockSource disk, int sectorSize) {
        String primaryProblem;
        byte[] header = disk.read(sectorSize, sectorSize);
        try {
            return gptFrom(disk, header, sectorSize, 1);
        } catch (StorageException e) {
            primaryProblem = e.getMessage();
        }
        long lastLba = disk.size() / sectorSize - 1;
        if (lastLba > 1 && disk.has(lastLba * sectorSize, sectorSize)) {
            byte[] backup = disk.read(lastLba * sectorSize, sectorSize);
            if (Bytes.startsWith(backup, 0, "EFI PART")) {
                try {
                    return gptFrom(disk, backup, sectorSize, lastLba);
                } catch (StorageException e) {
                    primaryProblem += "; backup: " + e.getMessage();
                }
            }
        }
        throw new StorageException(disk.name() + ": broken GPT: " + primaryProblem,
                "sgdisk --verify shows the damage; gdisk's recovery menu can rebuild a header from the other copy");
    }

    private static PartitionTable gptFrom(BlockSource disk, byte[] h, int sectorSize, long lba) {
        String where = "GPT header at LBA " + lba;
        long headerSize = le32(h, 12);
        if (headerSize < 92 || headerSize > sectorSize) throw bad(where, "header size " + headerSize + " at byte 12");
        byte[] zeroed = java.util.Arrays.copyOf(h, (int) headerSize);
        for (int i = 16; i < 20; i++) zeroed[i] = 0;
        if (crc(zeroed) != le32(h, 16)) throw bad(where, "header CRC32 at byte 16 does not match");
        if (le64(h, 24) != lba) throw bad(where, "it says it is at LBA " + le64(h, 24));
        long entriesLba = le64(h, 72);
        long count = le32(h, 80);
        long entrySize = le32(h, 84);
        if (entrySize < 128 || entrySize % 8 != 0 || entrySize > MAX_ENTRY_BYTES || count * entrySize > MAX_ENTRY_BYTES) {
            throw bad(where, count + " entries of " + entrySize + " bytes (bytes 80-87)");
        }
        if (entriesLba < 0 || entriesLba > Long.MAX_VALUE / sectorSize || !disk.has(entriesLba * sectorSize, count * entrySize)) {
            throw bad(where, "partition entries at LBA " + entriesLba + " are outside the disk");
        }
        byte[] entries = disk.read(entriesLba * sectorSize, (int) (count * entrySize));
        if (crc(entries) != le32(h, 88)) throw bad(where, "partition entry array CRC32 (byte 88) does not match");
        List<Partition> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int off = (int) (i * entrySize);
            if (Bytes.allZero(entries, off, 16)) continue;
            long first = le64(entries, off + 32);
            long last = le64(entries, off + 40);
            if (first < 0 || last < first || last > Long.MAX_VALUE / sectorSize - 1) {
                throw bad(where, "entry " + (i + 1) + " has first LBA " + first + " and last LBA " + last);
            }
            parts.add(new Partition(i + 1, first * sectorSize, (last - first + 1) * sectorSize, Bytes.guid(entries, off),
                    Bytes.guid(entries, off + 16), name(entries, off + 56),
                    le64(entries, off + 48)));
        }
        return new PartitionTable(PartitionTable.Type.GPT, Bytes.guid(h, 56), sectorSize, parts);
    }

    /** The name: up to 36 UTF-16LE code units, NUL-terminated; null if empty. */
    private static String name(byte[] entries, int off) {
        int units = 0;
        while (units < 36 && (entries[off + units * 2] != 0 || entries[off + units * 2 + 1] != 0)) units++;
        return units == 0 ? null : new String(entries, off, units * 2, StandardCharsets.UTF_16LE);
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static StorageException bad(String where, String why) {
        return new StorageException(where + ": " + why, null);
    }
}
