package lobos.image;

import lobos.LobosException;

/**
 * A file is not a kernel image lobos understands, or it is one but truncated or corrupt.
 * The message names the structure, the field and the byte offset that failed.
 */
public class ImageFormatException extends LobosException {
    public ImageFormatException(String message, String hint) {
        super(message, hint);
    }

    public ImageFormatException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }

    /** A field that does not fit in the file: the usual sign of a truncated download or copy. */
    static ImageFormatException truncated(String structure, String field, long offset, long needed, long fileSize) {
        return new ImageFormatException(
                "%s truncated: field %s at offset 0x%x needs %d bytes, file has %d"
                        .formatted(structure, field, offset, needed, fileSize),
                "the file is shorter than its headers say: copy or download it again");
    }

    /** A field whose value makes no sense (an offset past the end, a bad magic number...). */
    static ImageFormatException corrupt(String structure, String field, long offset, String problem) {
        return new ImageFormatException(
                "%s corrupt: field %s at offset 0x%x %s".formatted(structure, field, offset, problem),
                "the file is damaged or not what its name says: check where it came from");
    }
}
