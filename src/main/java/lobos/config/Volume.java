package lobos.config;

import java.nio.file.Path;

/**
 * A file system to read configs from, already mounted (or a plain directory in tests).
 *
 * @param root   where its files are visible on this machine
 * @param device how the user names it ({@code vda1}, {@code /dev/sda2}, {@code nfs-host:/export}), or null
 * @param uuid   its file-system UUID as {@code blkid} prints it, or null
 * @param label  its file-system label, or null
 */
public record Volume(Path root, String device, String uuid, String label) {
    /** A directory treated as a file system of its own, with no device, UUID or label. */
    public static Volume of(Path root) {
        return new Volume(root, null, null, null);
    }

    /** A short name for output: the device, else the label, else the UUID, else the directory. */
    public String name() {
        if (device != null) return device;
        if (label != null) return "LABEL=" + label;
        if (uuid != null) return "UUID=" + uuid;
        return root.toString();
    }

    /**
     * How a user names {@code file} (a path from the volume's root): kboot's {@code device:/path}
     * for a device, the path on this machine for a plain directory.
     */
    public String where(String file) {
        String path = file.startsWith("/") ? file : "/" + file;
        if (device != null) return device + ":" + path;
        try {
            return root.resolve(path.substring(1)).toString();
        } catch (java.nio.file.InvalidPathException e) {
            return root + path; // a name this machine cannot have (a NUL byte): shown as written
        }
    }

    /** The {@link PathContext#device()} of entries read from this volume: the device, else the directory. */
    public String contextDevice() {
        return device != null ? device : root.toString();
    }
}
