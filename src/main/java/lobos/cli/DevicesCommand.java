package lobos.cli;

import lobos.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lobos.storage.DeviceProber;
import lobos.storage.DeviceTable;
import lobos.storage.ProbedDevice;
import lobos.storage.SysfsBlockDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lobos devices}: disks and partitions with their file systems, read-only. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List disks and partitions (from /sys) with size, file system, UUID and label.",
            "Each device is opened read-only to read its superblock and partition table; nothing is mounted or written."})
public final class DevicesCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--sys", hidden = true, description = "sysfs root (tests)")
    Path sys = SysfsBlockDevices.DEFAULT_ROOT;

    @Option(names = "--dev", hidden = true, description = "device directory (tests)")
    Path dev = DeviceProber.DEFAULT_DEV;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<ProbedDevice> devices = DeviceProber.probe(SysfsBlockDevices.scan(sys), dev);
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.print(Json.write(devices));
        else out.print(DeviceTable.format(devices));
        out.flush();
        return Main.OK;
    }
}
