package lobos.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import lobos.path.DeviceRef;
import lobos.path.Location;
import lobos.storage.BootedSystem;
import lobos.storage.DeviceProber;
import lobos.storage.Mounter;
import lobos.storage.ProbedDevice;
import lobos.storage.StorageException;

/** {@link Storage} in the loader: devices, the booted system and NFS exports, mounted by lobos.storage. */
public final class MountedStorage implements Storage {
    private final Mounter mounter;
    private final Supplier<List<ProbedDevice>> devices;
    private final BootedSystem booted;

    public MountedStorage(Mounter mounter, Supplier<List<ProbedDevice>> devices, String rootSpec) {
        this.mounter = mounter;
        this.devices = devices;
        this.booted = new BootedSystem(mounter, devices, rootSpec);
    }

    public Mounter mounter() {
        return mounter;
    }

    @Override
    public Path booted(Location.Booted path) {
        return booted.resolve(path);
    }

    @Override
    public Path device(DeviceRef device) {
        ProbedDevice d = DeviceProber.find(devices.get(), device).orElseThrow(() -> new StorageException(
                "no device " + device.text(), "lobos devices lists the devices, their UUIDs and labels"));
        return mounter.mount(d);
    }

    /**
     * Mounts the NFS directory, or the directory holding it when it is a file. The kernel needs
     * the server's numeric address in the options; without a {@code vers=} lobos tries NFSv4
     * (one TCP port, no lock daemon), then NFSv3 with {@code nolock} (the loader runs no statd).
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
        for (String dir : parent == null ? List.of(directory) : List.of(directory, parent)) {
            for (String version : versions) {
                List<String> data = new ArrayList<>(options);
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
