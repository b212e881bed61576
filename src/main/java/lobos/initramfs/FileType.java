package lobos.initramfs;

/** The file types a newc archive can hold, with their S_IFMT bits in c_mode. */
public enum FileType {
    FILE(0100000),
    DIRECTORY(0040000),
    SYMLINK(0120000),
    CHAR_DEVICE(0020000),
    BLOCK_DEVICE(0060000),
    FIFO(0010000),
    SOCKET(0140000);

    public static final int TYPE_MASK = 0170000;
    public static final int PERMISSION_MASK = 07777;

    private final int bits;

    FileType(int bits) {
        this.bits = bits;
    }

    /** The S_IFMT bits of this type. */
    public int bits() {
        return bits;
    }

    /** The type encoded in a mode, or null if the type bits are not one of the above. */
    public static FileType of(long mode) {
        for (FileType t : values()) {
            if ((mode & TYPE_MASK) == t.bits) return t;
        }
        return null;
    }
}
