package lobos.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * An input stream that knows its byte offset and can take bytes back: a decompressor reads
 * ahead, and what it did not use belongs to the next part of the initrd.
 */
final class Source extends InputStream {
    static final int PUSHBACK = 65536;
    private final PushbackInputStream in;
    private long position;

    Source(InputStream in, long position) {
        this.in = new PushbackInputStream(in, PUSHBACK);
        this.position = position;
    }

    /** Offset of the next byte. */
    long position() {
        return position;
    }

    /** The next byte without consuming it, -1 at the end. */
    int peek() throws IOException {
        int b = in.read();
        if (b >= 0) in.unread(b);
        return b;
    }

    /** Up to {@code n} next bytes without consuming them (fewer at the end). */
    byte[] peek(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        in.unread(b);
        return b;
    }

    /** Reads past zero bytes (padding, which may be long) in blocks, not one by one; returns how many. */
    long skipZeros() throws IOException {
        byte[] block = new byte[8192];
        long skipped = 0;
        while (true) {
            int n = in.read(block);
            if (n <= 0) return skipped;
            int zeros = 0;
            while (zeros < n && block[zeros] == 0) zeros++;
            position += zeros;
            skipped += zeros;
            if (zeros < n) {
                in.unread(block, zeros, n - zeros);
                return skipped;
            }
        }
    }

    void unread(byte[] b, int off, int len) throws IOException {
        in.unread(b, off, len);
        position -= len;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) position++;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
