package lobos.image;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bounds-checked reads of fixed-width fields from a byte array. Every read names the field it
 * reads, so a short or damaged file gives an {@link ImageFormatException} saying which field at
 * which offset did not fit, never an IndexOutOfBoundsException.
 */
final class ByteReader {
    private final byte[] data;
    private final String structure;
    private final ByteOrder order;

    ByteReader(byte[] data, String structure, ByteOrder order) {
        this.data = data;
        this.structure = structure;
        this.order = order;
    }

    ByteReader withOrder(ByteOrder newOrder) {
        return new ByteReader(data, structure, newOrder);
    }

    ByteReader named(String newStructure) {
        return new ByteReader(data, newStructure, order);
    }

    int length() {
        return data.length;
    }

    String structure() {
        return structure;
    }

    /** Whether {@code length} bytes at {@code offset} lie inside the data. */
    boolean fits(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= data.length && length <= data.length - offset;
    }

    void require(String field, long offset, long length) {
        if (!fits(offset, length)) throw ImageFormatException.truncated(structure, field, offset, length, data.length);
    }

    int u8(String field, long offset) {
        require(field, offset, 1);
        return data[(int) offset] & 0xff;
    }

    int u16(String field, long offset) {
        return (int) unsigned(field, offset, 2);
    }

    long u32(String field, long offset) {
        return unsigned(field, offset, 4);
    }

    /** A 64-bit field; values of 2^63 and above come back negative (callers compare unsigned). */
    long u64(String field, long offset) {
        return unsigned(field, offset, 8);
    }

    /** A 32-bit field in ELF32 files, a 64-bit one in ELF64 files. */
    long word(String field, long offset, boolean wide) {
        return wide ? u64(field, offset) : u32(field, offset);
    }

    private long unsigned(String field, long offset, int width) {
        require(field, offset, width);
        int at = (int) offset;
        long value = 0;
        for (int i = 0; i < width; i++) {
            int b = data[order == ByteOrder.LITTLE_ENDIAN ? at + width - 1 - i : at + i] & 0xff;
            value = (value << 8) | b;
        }
        return value;
    }

    boolean matches(long offset, byte[] magic) {
        return fits(offset, magic.length)
                && Arrays.equals(data, (int) offset, (int) offset + magic.length, magic, 0, magic.length);
    }

    byte[] bytes(String field, long offset, long length) {
        require(field, offset, length);
        return Arrays.copyOfRange(data, (int) offset, (int) (offset + length));
    }

    /**
     * The NUL-terminated string at {@code offset}, read no further than {@code end} (exclusive)
     * and the end of the data; a string without its NUL ends there.
     */
    String cString(String field, long offset, long end) {
        require(field, offset, 1);
        int limit = (int) Math.min(end, data.length);
        int stop = (int) offset;
        while (stop < limit && data[stop] != 0) stop++;
        return new String(data, (int) offset, stop - (int) offset, StandardCharsets.UTF_8);
    }

    /** The text of a fixed-size field (PE section names, "zimg" compression type): up to the first NUL. */
    String fixedString(String field, long offset, int size) {
        byte[] raw = bytes(field, offset, size);
        int stop = 0;
        while (stop < raw.length && raw[stop] != 0) stop++;
        return new String(raw, 0, stop, StandardCharsets.ISO_8859_1);
    }
}
