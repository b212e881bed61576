package lobos.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A disk image for fuzzing: a small window of fuzzer bytes at one of the offsets superblocks
 * and partition tables live at, zeros elsewhere. Input layout: byte 0 picks the offset,
 * byte 1 bit 0 asks for GPT CRCs to be fixed (so mutations reach the entries), bytes 2-3 give
 * zero padding after the window (up to ~1 MiB), the rest is the window.
 */
final class FuzzImage {
    private FuzzImage() {}

    private static final long[] OFFSETS = {0, 1024, 0x8000, 0x10000, 512, 4096, 0, 0};

    static BlockSource of(byte[] input) {
        if (input.length < 4) return BlockSource.of(input, "fuzz");
        long offset = OFFSETS[input[0] & 7];
        int padding = (input[2] & 0xff) << 12 | (input[3] & 0xff) << 4;
        byte[] window = Arrays.copyOfRange(input, 4, input.length);
        if ((input[1] & 1) != 0) fixGpt(window, offset);
        long size = offset + window.length + padding;
        return new CheckedSource("fuzz", size, (at, length) -> {
            byte[] out = new byte[length];
            for (int i = 0; i < length; i++) {
                long p = at + i - offset;
                if (p >= 0 && p < window.length) out[i] = window[(int) p];
            }
            return out;
        }, () -> {});
    }

    /** Recomputes the CRCs of a GPT header at LBA 1 whose entries also lie in the window. */
    private static void fixGpt(byte[] w, long offset) {
        int header = (int) (512 - offset);
        if (offset > 512 || header + 92 > w.length) return;
        ByteBuffer b = ByteBuffer.wrap(w).order(ByteOrder.LITTLE_ENDIAN);
        long entries = b.getLong(header + 72) * 512 - offset;
        long bytes = (b.getInt(header + 80) & 0xffffffffL) * (b.getInt(header + 84) & 0xffffffffL);
        if (entries >= 0 && entries <= w.length && bytes >= 0 && bytes <= w.length - entries) {
            CRC32 crc = new CRC32();
            crc.update(w, (int) entries, (int) bytes);
            b.putInt(header + 88, (int) crc.getValue());
        }
        int size = b.getInt(header + 12);
        if (size >= 92 && size <= 512 && header + size <= w.length) {
            b.putInt(header + 16, 0);
            CRC32 crc = new CRC32();
            crc.update(w, header, size);
            b.putInt(header + 16, (int) crc.getValue());
        }
    }
}
