package lobos.storage;

/**
 * One entry of a partition table, with blkid's names and formats (its PART_ENTRY_* values).
 *
 * @param number 1-4 primary, 5 and up logical (MBR); the entry's index + 1 (GPT)
 * @param start  offset from the start of the disk, in bytes
 * @param size   in bytes
 * @param type   MBR: the type byte as "0x83"; GPT: the type GUID in lower case
 * @param uuid   PARTUUID: the GPT partition GUID, or for MBR the disk id and number ("1234abcd-05")
 * @param name   PARTLABEL (GPT only), or null
 * @param flags  MBR: the boot indicator (0x80 = active); GPT: the attribute bits
 */
public record Partition(int number, long start, long size, String type, String uuid, String name, long flags) {
    /** An MBR extended partition: a container for logical ones, with no file system of its own. */
    public boolean extended() {
        return type.equals("0x5") || type.equals("0xf") || type.equals("0x85");
    }

    /** The partition's bytes as a source of their own. */
    public BlockSource slice(BlockSource disk) {
        return disk.slice(start, size, disk.name() + " partition " + number);
    }
}
