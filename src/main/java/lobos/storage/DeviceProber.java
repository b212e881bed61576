package lobos.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lobos.path.DeviceRef;

/**
 * Probes each block device by opening its /dev node read-only and reading superblocks and
 * partition tables: never writes, never mounts. A device that cannot be opened is kept, with
 * the reason in {@link ProbedDevice#problem()}.
 */
public final class DeviceProber {
    private DeviceProber() {}

    public static final Path DEFAULT_DEV = Path.of("/dev");

    /** Probes {@code devices} (as {@link SysfsBlockDevices#scan} lists them: disks before their partitions). */
    /** Every block device the kernel knows now (/sys/block), probed through /dev. */
    public static List<ProbedDevice> probeAll() {
        return probe(SysfsBlockDevices.scan(SysfsBlockDevices.DEFAULT_ROOT), DEFAULT_DEV);
    }

    public static List<ProbedDevice> probe(List<BlockDevice> devices, Path devDir) {
        List<ProbedDevice> out = new ArrayList<>();
        Map<String, PartitionTable> tables = new HashMap<>();
        for (BlockDevice d : devices) {
            Partition entry = d.isPartition() ? entry(tables.get(d.parent()), d.partition()) : null;
            try (BlockSource source = BlockSource.open(devDir.resolve(d.name()), d.size())) {
                PartitionTable table = null;
                String problem = null;
                if (!d.isPartition()) {
                    try {
                        table = PartitionTables.read(source).orElse(null);
                    } catch (StorageException e) {
                        problem = e.getMessage();
                    }
                    if (table != null) tables.put(d.name(), table);
                }
                FsInfo fs = Superblocks.probe(source).orElse(null);
                out.add(new ProbedDevice(d, fs, table, entry, problem));
            } catch (StorageException e) {
                out.add(new ProbedDevice(d, null, null, entry, e.getMessage()));
            }
        }
        return out;
    }

    /** The first probed device {@code ref} names. */
    public static Optional<ProbedDevice> find(List<ProbedDevice> devices, DeviceRef ref) {
        return devices.stream().filter(d -> d.matches(ref)).findFirst();
    }

    private static Partition entry(PartitionTable table, int number) {
        if (table == null) return null;
        return table.partitions().stream().filter(p -> p.number() == number).findFirst().orElse(null);
    }
}
