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
}
