package lobos.storage;

import java.util.List;

/**
 * A disk's partition table.
 *
 * @param type       blkid's PTTYPE
 * @param id         blkid's PTUUID: the MBR disk id as 8 hex digits, or the GPT disk GUID
 * @param sectorSize the logical sector size the table was found with
 * @param partitions in table order (MBR: primaries, then logicals in chain order)
 */
public record PartitionTable(Type type, String id, int sectorSize, List<Partition> partitions) {
    public PartitionTable {
        partitions = List.copyOf(partitions);
    }

    public enum Type {
        /** MBR ("dos" to blkid). */
        DOS,
        GPT
    }
}
