package lobos.storage;

/**
 * A disk or partition as /sys/class/block describes it.
 *
 * @param name         the kernel's name, also its name under /dev (sda, sda1, nvme0n1p2, dm-0)
 * @param size         in bytes (sysfs counts 512-byte sectors whatever the device's sector size)
 * @param model        the device's model string, or null (virtio disks have none)
 * @param vendor       the device's vendor string, or null
 * @param partition    the partition number, 0 for a whole disk
 * @param parent       the disk a partition is on, null for a disk
 * @param sectorSize   the logical block size (queue/logical_block_size), 512 if unknown
 * @param mapperName   device-mapper name (dm/name: "vg-root") for dm devices, else null
 */
public record BlockDevice(String name, int major, int minor, long size, String model, String vendor, boolean removable,
        boolean readOnly, int partition, String parent, int sectorSize, String mapperName) {

    public boolean isPartition() {
        return partition > 0;
    }

    /** "8:1", as lsblk and /proc/partitions print it. */
    public String majorMinor() {
        return major + ":" + minor;
    }
}
