package lobos.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses one gzip member (RFC 1952) and stops exactly at its end, giving back the
 * input it read ahead, so that the next part of an initrd can be read. Accepts the headers
 * the kernel accepts: method 8, optionally a file name; FEXTRA, FCOMMENT and FHCRC are
 * rejected because the kernel's gunzip does not skip them. Unlike the kernel it checks the
 * CRC32 and size in the trailer.
 */
final class GzipMemberInputStream extends InputStream {
    private static final int FNAME = 8;

    private final Source in;
    private final long start;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] input = new byte[Source.PUSHBACK];
    private int inputLength;
    private boolean done;

    GzipMemberInputStream(Source in) throws IOException {
        this.in = in;
        this.start = in.position();
        byte[] h = in.readNBytes(10);
        if (h.length < 10) throw error("truncated gzip header");
        if ((h[0] & 0xff) != 0x1f || (h[1] & 0xff) != 0x8b) throw error("no gzip magic");
        if (h[2] != 8) throw error("gzip compression method " + (h[2] & 0xff) + " (only 8, deflate, exists)");
        if ((h[3] & ~FNAME) != 0) {
            throw error("gzip header flags " + String.format("%02x", h[3] & 0xff)
                    + ": the kernel skips only a file name (FNAME), not FEXTRA, FCOMMENT or FHCRC");
        }
        if ((h[3] & FNAME) != 0) {
            for (int i = 0; ; i++) {
                int c = in.read();
                if (c < 0) throw error("truncated gzip file name");
                if (c == 0) break;
                if (i >= CpioReader.PATH_MAX) throw error("gzip file name longer than " + CpioReader.PATH_MAX + " bytes");
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] b = new byte[1];
        return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!done) {
            try {
                int n = inflater.inflate(b, off, len);
                if (n > 0) {
                    crc.update(b, off, n);
                    return n;
                }
            } catch (DataFormatException e) {
                throw error("corrupt deflate data (" + e.getMessage() + ")");
            }
            if (inflater.finished()) {
                finish();
            } else if (inflater.needsDictionary()) {
                throw error("deflate data needs a preset dictionary");
            } else if (inflater.needsInput()) {
                int n = in.read(input, 0, input.length);
                if (n < 0) throw error("truncated gzip data");
                inflater.setInput(input, 0, n);
                inputLength = n;
            }
        }
        return -1;
    }

    private void finish() throws IOException {
        int unused = inflater.getRemaining();
        in.unread(input, inputLength - unused, unused); // read ahead: belongs to the trailer and what follows
        byte[] t = in.readNBytes(8);
        if (t.length < 8) throw error("truncated gzip trailer");
        long expectedCrc = littleEndian(t, 0);
        long expectedSize = littleEndian(t, 4);
        if (expectedCrc != crc.getValue()) throw error("gzip CRC32 mismatch: trailer says " + Long.toHexString(expectedCrc) + ", data has " + Long.toHexString(crc.getValue()));
        if (expectedSize != (inflater.getBytesWritten() & 0xFFFF_FFFFL)) throw error("gzip size mismatch: trailer says " + expectedSize + ", data has " + inflater.getBytesWritten());
        inflater.end();
        done = true;
    }

    private static long littleEndian(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
    }

    private CpioFormatException error(String what) {
        return new CpioFormatException(what + " in the gzip data at offset " + start, start);
    }
}
