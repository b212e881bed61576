package lobos.storage;

import lobos.path.DeviceRef;

/**
 * A block device with what its bytes say: the file system on it, the partition table of a
 * disk, the table entry of a partition (for PARTUUID and PARTLABEL).
 *
 * @param fs      what is on it, or null if nothing known (or it could not be read)
 * @param table   a disk's partition table, or null
 * @param entry   a partition's entry in its disk's table, or null
 * @param problem why it could not be probed (not readable, broken GPT...), or null
 */
public record ProbedDevice(BlockDevice device, FsInfo fs, PartitionTable table, Partition entry, String problem) {
    /** Whether {@code ref} names this device: by name under /dev, by file-system UUID or label, by PARTUUID or PARTLABEL. */
    public boolean matches(DeviceRef ref) {
        return switch (ref) {
            case DeviceRef.Named n -> n.name().equals(device.name())
                    || device.mapperName() != null && n.name().equals("mapper/" + device.mapperName());
            case DeviceRef.Tagged t -> t.matches(switch (t.tag()) {
                case UUID -> fs == null ? null : fs.uuid();
                case LABEL -> fs == null ? null : fs.label();
                case PARTUUID -> entry == null ? null : entry.uuid();
                case PARTLABEL -> entry == null ? null : entry.name();
            });
        };
    }
}
