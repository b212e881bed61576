package lobos.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import lobos.linux.MountTable;
import lobos.path.DeviceRef;
import lobos.path.Location;
import lobos.storage.BootedSystem;
import lobos.storage.DeviceProber;
import lobos.storage.Mounter;
import lobos.storage.ProbedDevice;
import lobos.storage.StorageException;

/**
 * {@link Storage} through mounts: devices, the booted system and NFS exports. A device that is
 * already mounted (on a running system) is used where it is; anything else is mounted by
 * lobos.storage under /run/lobos.
 */
public final class MountedStorage implements Storage {
    private final Mounter mounter;
    private final Supplier<List<ProbedDevice>> devices;
    private final Function<Location.Booted, Path> booted;
    private final Supplier<List<MountTable.Mount>> mounts;

    /** In the loader: the booted system is found on the disks ({@code rootSpec}: kboot.conf's root=, or null). */
    public static MountedStorage loader(Mounter mounter, Supplier<List<ProbedDevice>> devices, String rootSpec) {
        BootedSystem system = new BootedSystem(mounter, devices, rootSpec);
        // Only lobos mounts things in the loader, at /run/lobos/dev/NAME for devices: the booted
        // system's tree under /run/lobos/root has other file systems mounted inside it.
        return new MountedStorage(mounter, devices, system::resolve, List::of);
    }

    /** On a running system, which is itself the booted system: /path is this machine's /path. */
    public static MountedStorage running(Mounter mounter, Supplier<List<ProbedDevice>> devices) {
        return new MountedStorage(mounter, devices, b -> Path.of(b.path()), MountedStorage::readMounts);
    }

    MountedStorage(Mounter mounter, Supplier<List<ProbedDevice>> devices, Function<Location.Booted, Path> booted,
            Supplier<List<MountTable.Mount>> mounts) {
        this.mounter = mounter;
        this.devices = devices;
        this.booted = booted;
        this.mounts = mounts;
    }

    private static List<MountTable.Mount> readMounts() {
        try {
            return MountTable.read();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    public Mounter mounter() {
        return mounter;
    }

    @Override
    public Path booted(Location.Booted path) {
        return booted.apply(path);
    }

    @Override
    public Path device(DeviceRef device) {
        ProbedDevice d = DeviceProber.find(devices.get(), device).orElseThrow(() -> new StorageException(
                "no device " + device.text(), "lobos devices lists the devices, their UUIDs and labels"));
        String source = "/dev/" + d.device().name();
        for (MountTable.Mount m : mounts.get()) {
            // the whole file system is visible only where its root is mounted; bind mounts show less
            if (m.source().equals(source) && !m.options().contains("bind")) return Path.of(m.target());
        }
        return mounter.mount(d);
    }

    /**
     * What a read of an NFS file may wait for a server that stopped answering, unless the path's
     * options say otherwise: a {@code soft} mount gives up after {@code retrans} retransmissions,
     * each after {@code timeo} tenths of a second (growing by that much each time over TCP), so a
     * hung server ends a read with EIO after about a minute instead of blocking it for ever (a
     * {@code hard} mount's default), which no deadline could interrupt. The loader mounts NFS
     * read-only, where a soft mount cannot lose writes.
     */
    static final List<String> NFS_TIMEOUTS = List.of("soft", "timeo=100", "retrans=2");

    /**
     * Mounts the NFS directory, or the directory holding it when it is a file. The kernel needs
     * the server's numeric address in the options; without a {@code vers=} lobos tries NFSv4
     * (one TCP port, no lock daemon), then NFSv3 with {@code nolock} (the loader runs no statd).
     * {@link #NFS_TIMEOUTS} are added unless the options name their own.
     */
    @Override
    public Path nfs(String host, int port, String directory, List<String> options) {
        String address;
        try {
            address = InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new StorageException("cannot resolve NFS server " + host, "check /etc/hosts and DNS, or use its address");
        }
        boolean versioned = options.stream().anyMatch(o -> o.startsWith("vers=") || o.startsWith("nfsvers="));
        List<String> versions = versioned ? List.of("") : List.of("vers=4", "vers=3,nolock");
        List<String> errors = new ArrayList<>();
        String parent = directory.equals("/") ? null : directory.substring(0, Math.max(1, directory.lastIndexOf('/')));
        // Every version for the path itself (a directory) and its parent (when it is a file);
        // NFSv4 first: v3 needs the server's rpcbind and mountd, and a missing one can stall.
        for (String version : versions) {
            for (String dir : parent == null ? List.of(directory) : List.of(directory, parent)) {
                List<String> data = new ArrayList<>(options);
                for (String timeout : NFS_TIMEOUTS) {
                    String key = timeout.contains("=") ? timeout.substring(0, timeout.indexOf('=') + 1) : timeout;
                    boolean given = options.stream().anyMatch(o -> o.startsWith(key)
                            || (key.equals("soft") && (o.equals("hard") || o.startsWith("softerr"))));
                    if (!given) data.add(timeout);
                }
                if (!version.isEmpty()) data.add(version);
                data.add("addr=" + address);
                if (port > 0) data.add("port=" + port);
                Path target = mounter.run().resolve("nfs").resolve(host).resolve(dir.substring(1));
                try {
                    Path mounted = mounter.mount(host + ":" + dir, "nfs", target, String.join(",", data));
                    return mounted.resolve(Path.of(dir).relativize(Path.of(directory)));
                } catch (StorageException e) {
                    errors.add(dir + " (" + (version.isEmpty() ? "as given" : version) + "): " + e.getMessage());
                }
            }
        }
        throw new StorageException("cannot mount " + host + ":" + directory + " over NFS: " + String.join("; ", errors),
                "check that the server exports it to this machine (and that its firewall allows NFS)");
    }
}
