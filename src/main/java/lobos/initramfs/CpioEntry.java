package lobos.initramfs;

import java.nio.charset.StandardCharsets;

/**
 * One entry read from a newc (070701) or crc (070702) archive: the header fields as unsigned
 * 32-bit values, the name, and the data (empty when the reader was asked to skip file data;
 * a symlink's target is always read). {@code offset} is where the header starts: in the initrd
 * for uncompressed data, in the decompressed stream otherwise.
 */
public record CpioEntry(
        String name,
        long offset,
        boolean crc,
        long ino,
        long mode,
        long uid,
        long gid,
        long nlink,
        long mtime,
        long fileSize,
        long devMajor,
        long devMinor,
        long rdevMajor,
        long rdevMinor,
        long checksum,
        byte[] data) {

    /** The file type from c_mode (the reader rejects unknown types). */
    public FileType type() {
        return FileType.of(mode);
    }

    /** Permission bits (07777). */
    public int permissions() {
        return (int) (mode & FileType.PERMISSION_MASK);
    }

    /** The target of a symlink, null for other types. */
    public String linkTarget() {
        return type() == FileType.SYMLINK ? new String(data, StandardCharsets.UTF_8) : null;
    }
}
