package lobos.storage;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a superblock says about the file system (or swap area, or encrypted volume) on a
 * device, with blkid's names so users can compare: {@code type} is blkid's TYPE, {@code uuid}
 * and {@code label} its UUID and LABEL, formatted the same way.
 *
 * @param type      ext2, ext3, ext4, jbd, vfat, exfat, xfs, btrfs, iso9660, squashfs, squashfs3, swap,
 *                  swsuspend or crypto_LUKS
 * @param version   blkid's VERSION (FAT12, 1.0, 4.0...), or null
 * @param uuid      null if the format has none (squashfs) or it is unset
 * @param label     null if unset
 * @param blockSize the file system's block (or sector, for FAT) size in bytes, 0 if unknown
 * @param size      the size the superblock claims, in bytes, 0 if unknown
 * @param extra     format-specific facts: btrfs "uuid_sub", iso9660 "el_torito", LUKS2 "subsystem"...
 */
public record FsInfo(String type, Usage usage, String version, String uuid, String label, long blockSize, long size,
        Map<String, String> extra) {

    public FsInfo {
        extra = java.util.Collections.unmodifiableMap(new TreeMap<>(extra));
    }

    /** blkid's USAGE. */
    public enum Usage {
        /** Mountable. */
        FILESYSTEM,
        /** Swap and suspend images: not mountable, never touched. */
        OTHER,
        /** Encrypted: needs a key before anything inside can be probed. */
        CRYPTO
    }

    /** Whether lobos could mount it to look for kernels. */
    public boolean mountable() {
        return usage == Usage.FILESYSTEM;
    }
}
