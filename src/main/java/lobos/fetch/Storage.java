package lobos.fetch;

import java.nio.file.Path;
import java.util.List;
import lobos.path.DeviceRef;
import lobos.path.Location;

/** The file systems a {@link Locator} reaches through mounts (lobos.storage in the loader, fakes in tests). */
public interface Storage {
    /** The host path of a path in the booted system, mounting what its fstab says it needs. */
    Path booted(Location.Booted path);

    /** The mount point of a device's file system, mounting it if needed. */
    Path device(DeviceRef device);

    /** The local path of an NFS directory, mounting the export it is in if needed. */
    Path nfs(String host, int port, String directory, List<String> options);
}
