package lobos.hotplug;

import java.util.ArrayList;
import java.util.List;
import lobos.storage.FsInfo;
import lobos.storage.ProbedDevice;

/**
 * Something that happened to the machine's devices after lobos started, as {@link Hotplug}
 * tells its listeners. Block devices are named as the kernel names them (sysfs and /dev:
 * "sdb", "sdb1", "nvme0n1p2"); a listener that keeps devices by name treats an add for a name
 * it has as a replacement.
 */
public sealed interface DeviceEvent {
    /** Lines for the console, each to be prefixed "lobos: ". */
    List<String> describe();

    /**
     * A disk appeared, or its media or partitions changed, and its partitions have settled: the
     * disk and each partition, probed (file system, partition table), the disk first.
     */
    record DiskAdded(String disk, List<ProbedDevice> devices) implements DeviceEvent {
        public DiskAdded {
            devices = List.copyOf(devices);
        }

        /** "new device sdb1: ext4 LABEL=STICK UUID=...", one line per device with a file system. */
        @Override
        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            for (ProbedDevice d : devices) {
                FsInfo fs = d.fs();
                if (fs == null) continue;
                lines.add("new device " + d.device().name() + ": " + fs.type()
                        + (fs.label() == null ? "" : " LABEL=" + fs.label()) + (fs.uuid() == null ? "" : " UUID=" + fs.uuid()));
            }
            if (lines.isEmpty()) {
                String problem = devices.isEmpty() ? null : devices.getFirst().problem();
                lines.add("new device " + disk + ": " + (problem != null ? problem : "no file system found"));
            }
            return lines;
        }
    }

    /** A disk or partition went away. */
    record BlockDeviceRemoved(String name) implements DeviceEvent {
        @Override
        public List<String> describe() {
            return List.of("device " + name + " removed");
        }
    }

    /** A network interface backed by a device appeared (its driver made it). */
    record NetDeviceAdded(String name) implements DeviceEvent {
        @Override
        public List<String> describe() {
            return List.of("new network device " + name);
        }
    }

    /** A network interface went away. */
    record NetDeviceRemoved(String name) implements DeviceEvent {
        @Override
        public List<String> describe() {
            return List.of("network device " + name + " removed");
        }
    }

    /** Drivers were loaded for a device that arrived (by its modalias). */
    record DriversLoaded(String modalias, List<String> modules) implements DeviceEvent {
        public DriversLoaded {
            modules = List.copyOf(modules);
        }

        @Override
        public List<String> describe() {
            return List.of("loaded " + String.join(", ", modules) + " for " + modalias);
        }
    }
}
