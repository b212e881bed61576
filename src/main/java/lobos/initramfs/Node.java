package lobos.initramfs;

/** What an initramfs holds at one path. Modes are permission bits only (07777); the type comes from the record. */
public sealed interface Node {
    FileType type();

    /** Permission bits, 07777 at most. */
    int permissions();

    int uid();

    int gid();

    /** Bytes of the data part of the cpio entry: file contents or the symlink target. */
    long size();

    /** The full st_mode: type bits plus permissions. */
    default int mode() {
        return type().bits() | permissions();
    }

    /** Same type, mode, owner and bytes: adding it again at the same path is harmless. */
    default boolean sameAs(Node other) {
        return switch (this) {
            case File f when other instanceof File g ->
                f.permissions == g.permissions && f.uid == g.uid && f.gid == g.gid && f.content.sameBytes(g.content);
            default -> equals(other);
        };
    }

    record File(Content content, int permissions, int uid, int gid) implements Node {
        @Override
        public FileType type() {
            return FileType.FILE;
        }

        @Override
        public long size() {
            return content.size();
        }
    }

    record Directory(int permissions, int uid, int gid) implements Node {
        @Override
        public FileType type() {
            return FileType.DIRECTORY;
        }

        @Override
        public long size() {
            return 0;
        }
    }

    /** A symbolic link; Linux ignores a link's own permissions, so they are always 0777. */
    record Symlink(String target, int uid, int gid) implements Node {
        @Override
        public FileType type() {
            return FileType.SYMLINK;
        }

        @Override
        public int permissions() {
            return 0777;
        }

        @Override
        public long size() {
            return target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
    }

    /** A character or block device node. */
    record Device(boolean block, int major, int minor, int permissions, int uid, int gid) implements Node {
        @Override
        public FileType type() {
            return block ? FileType.BLOCK_DEVICE : FileType.CHAR_DEVICE;
        }

        @Override
        public long size() {
            return 0;
        }
    }
}
