package lobos.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes the legacy LZ4 format ({@code lz4 -l}, the kernel's CONFIG_KERNEL_LZ4 and
 * CONFIG_RD_LZ4): the magic 0x184C2102, then blocks of a little-endian 32-bit compressed size
 * and an LZ4 block that decodes to at most 8 MiB. A repeated magic starts another stream;
 * a size field with nothing after it is the kernel build's appended length and ends the data.
 * Commons Compress reads only the newer frame format, hence this class.
 */
final class Lz4LegacyInputStream extends InputStream {
    static final int MAGIC = 0x184C2102;
    private static final int BLOCK_SIZE = 8 << 20;
    /** The largest compressed size of an 8 MiB block (LZ4_compressBound). */
    private static final int MAX_COMPRESSED = BLOCK_SIZE + BLOCK_SIZE / 255 + 16;

    private final InputStream in;
    private byte[] compressed = new byte[0];
    private byte[] block = new byte[0];
    private int position;
    private int limit;
    private boolean started;
    private boolean finished;

    Lz4LegacyInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (position == limit) {
            if (finished || !nextBlock()) return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(block, position, b, off, n);
        position += n;
        return n;
    }

    private boolean nextBlock() throws IOException {
        if (!started) {
            started = true;
            if (readInt(false) != MAGIC) throw new IOException("no legacy LZ4 magic 0x184c2102");
        }
        long size;
        do {
            size = readInt(true);
            if (size < 0) {
                finished = true;
                return false;
            }
        } while (size == MAGIC);
        int first = in.read();
        if (first < 0) { // a size with nothing after it: the build's appended uncompressed length
            finished = true;
            return false;
        }
        if (size > MAX_COMPRESSED) throw new IOException("LZ4 block size %d exceeds the legacy maximum".formatted(size));
        if (size == 0) throw new IOException("LZ4 block of size 0");
        if (compressed.length < size) compressed = new byte[(int) size];
        compressed[0] = (byte) first;
        int got = 1 + in.readNBytes(compressed, 1, (int) size - 1);
        if (got < size) throw new EOFException("LZ4 block truncated: %d of %d bytes".formatted(got, size));
        if (block.length < BLOCK_SIZE) block = new byte[BLOCK_SIZE];
        limit = decodeBlock(compressed, 0, (int) size, block);
        position = 0;
        return true;
    }

    /** A little-endian 32-bit value, or -1 at a clean end of the input when {@code endOk}. */
    private long readInt(boolean endOk) throws IOException {
        byte[] four = in.readNBytes(4);
        if (four.length == 0 && endOk) return -1;
        if (four.length < 4) throw new EOFException("LZ4 data truncated in a size field");
        return (four[0] & 0xff) | (four[1] & 0xff) << 8 | (four[2] & 0xff) << 16 | (long) (four[3] & 0xff) << 24;
    }

    /**
     * Decodes one LZ4 block (lz4_Block_format.md): sequences of a token, literals and a match
     * copied from up to 64 KiB back; the last sequence has literals only.
     *
     * @return the number of bytes written to {@code out}
     */
    static int decodeBlock(byte[] in, int from, int length, byte[] out) throws IOException {
        Cursor c = new Cursor(in, from, from + length);
        int op = 0;
        while (true) {
            if (c.ip >= c.end) throw new IOException("LZ4 block ends before its last literals");
            int token = in[c.ip++] & 0xff;
            int literals = c.length(token >>> 4, out.length, "literal");
            if (literals > c.end - c.ip) throw new IOException("LZ4 literals run past the block");
            if (literals > out.length - op) throw new IOException("LZ4 block decodes to more than %d bytes".formatted(out.length));
            System.arraycopy(in, c.ip, out, op, literals);
            c.ip += literals;
            op += literals;
            if (c.ip == c.end) return op;
            if (c.end - c.ip < 2) throw new IOException("LZ4 match offset runs past the block");
            int offset = (in[c.ip] & 0xff) | (in[c.ip + 1] & 0xff) << 8;
            c.ip += 2;
            if (offset == 0 || offset > op) throw new IOException("LZ4 match offset %d points before the output".formatted(offset));
            int match = c.length(token & 15, out.length, "match") + 4;
            if (match > out.length - op) throw new IOException("LZ4 block decodes to more than %d bytes".formatted(out.length));
            for (int i = 0; i < match; i++, op++) out[op] = out[op - offset]; // overlapping copies repeat bytes
        }
    }

    /** A read position in a block. */
    private static final class Cursor {
        final byte[] in;
        final int end;
        int ip;

        Cursor(byte[] in, int ip, int end) {
            this.in = in;
            this.ip = ip;
            this.end = end;
        }

        /** A token's 4-bit length; 15 means more: add bytes while they are 255 (stopping past {@code max}). */
        int length(int nibble, int max, String what) throws IOException {
            int n = nibble;
            if (n != 15) return n;
            int b;
            do {
                if (ip >= end) throw new IOException("LZ4 " + what + " length runs past the block");
                b = in[ip++] & 0xff;
                n += b;
            } while (b == 255 && n < max);
            return n;
        }
    }
}
