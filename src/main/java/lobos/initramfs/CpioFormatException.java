package lobos.initramfs;

/**
 * A cpio archive or initrd is corrupt, truncated or in a form the kernel would not unpack.
 * The message names the field (c_filesize, c_namesize...) and the byte offset.
 */
public class CpioFormatException extends InitramfsException {
    private final long offset;

    public CpioFormatException(String message, long offset) {
        this(message, offset, null);
    }

    public CpioFormatException(String message, long offset, Throwable cause) {
        super(message, "the file is damaged or not an initramfs; rebuild it (cpio -o -H newc) or fetch it again", cause);
        this.offset = offset;
    }

    /** Byte offset of the problem in the initrd (for data inside a compressed segment: of that segment). */
    public long offset() {
        return offset;
    }
}
