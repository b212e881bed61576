package lobos.initramfs;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.tukaani.xz.SingleXZInputStream;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZIOException;

/**
 * Reads an initrd the way the kernel unpacks it (init/initramfs.c): a sequence of zero bytes,
 * uncompressed cpio archives (starting on 4-byte boundaries) and compressed cpio archives,
 * in any order. Gzip and xz parts are decompressed; for other compressors the reader stops
 * with an error that names the compressor. What the compressed parts decompress to is capped
 * ({@link #DEFAULT_LIMIT}, or the limit given), counted as it is read: a decompression bomb is
 * refused once it passes the cap, having cost the time to decompress that much and no memory.
 */
public final class InitrdReader {
    /** Memory an xz stream may ask for (its dictionary): 64 MiB dictionaries (xz -9) fit, corrupt headers fail. */
    private static final int XZ_MEMORY_LIMIT_KIB = 96 * 1024;

    /**
     * The most bytes all compressed parts of one initrd may decompress to: 1 GiB. The kernel
     * unpacks the whole initramfs into memory, and initramfs images with firmware for every
     * device come to a few hundred MiB.
     */
    public static final long DEFAULT_LIMIT = 1L << 30;

    /** One part of an initrd: an uncompressed run of cpio entries or one compressed stream. */
    public record Segment(long offset, long length, Compression compression, int entries) {}

    private final Source in;
    private final boolean withData;
    private final long limit;
    private long decompressed; // bytes that the compressed parts gave so far
    private final List<Segment> segments = new ArrayList<>();
    private CpioReader current;
    private Compression currentCompression;
    private long currentStart;
    private int currentEntries;

    /** With {@code withData} false, file data is read and checked but not kept (symlink targets are kept). */
    public InitrdReader(InputStream in, boolean withData) {
        this(in, withData, DEFAULT_LIMIT);
    }

    /** @param limit the most bytes the compressed parts may decompress to, together */
    public InitrdReader(InputStream in, boolean withData, long limit) {
        this.in = new Source(in, 0);
        this.withData = withData;
        this.limit = limit;
    }

    /** The next entry (TRAILER!!! entries are skipped), or null at the end of the initrd. */
    public CpioEntry next() throws IOException {
        while (true) {
            if (current != null) {
                CpioEntry e = current.next();
                if (e != null) {
                    currentEntries++;
                    return e;
                }
                endSegment();
            }
            in.skipZeros();
            int b = in.peek();
            if (b < 0) return null;
            currentStart = in.position();
            currentEntries = 0;
            if (b == '0') {
                if (currentStart % 4 != 0) {
                    throw new CpioFormatException("cpio header at offset " + currentStart
                            + " is not on a 4-byte boundary; the kernel would not unpack it", currentStart);
                }
                currentCompression = Compression.NONE;
                current = new CpioReader(in, withData, true, "", -1);
                continue;
            }
            startCompressed();
        }
    }

    /** The parts read so far (all of them once {@link #next()} returned null). */
    public List<Segment> segments() {
        return List.copyOf(segments);
    }

    private void startCompressed() throws IOException {
        String format = formatOf(in.peek(6));
        InputStream decompressor = switch (format) {
            case "gzip" -> {
                currentCompression = Compression.GZIP;
                yield new GzipMemberInputStream(in);
            }
            case "xz" -> {
                currentCompression = Compression.XZ;
                yield openXz();
            }
            case null -> throw new CpioFormatException("junk at offset " + currentStart + " (" + CpioReader.hex(in.peek(4))
                    + "): neither a cpio archive, zero padding nor compressed data the kernel knows", currentStart);
            default -> throw new CpioFormatException("initrd data at offset " + currentStart + " is compressed with "
                    + format + ", which lobos cannot read yet", currentStart);
        };
        // buffered: the cpio reader takes bytes one at a time, the decompressor gives them in blocks
        InputStream output = new BufferedInputStream(new FormatErrors(decompressor, format, currentStart), 1 << 16);
        current = new CpioReader(new Source(output, 0), withData, false,
                " in the " + format + " data at offset " + currentStart, currentStart);
    }

    private InputStream openXz() throws IOException {
        SingleXZInputStream xz;
        try {
            xz = new SingleXZInputStream(in, XZ_MEMORY_LIMIT_KIB);
        } catch (XZIOException | EOFException e) {
            throw new CpioFormatException("bad xz stream header at offset " + currentStart + ": " + e.getMessage(), currentStart, e);
        }
        int check = xz.getCheckType();
        if (check != XZ.CHECK_NONE && check != XZ.CHECK_CRC32) {
            throw new CpioFormatException("xz data at offset " + currentStart + " uses the " + xz.getCheckName()
                    + " integrity check; the kernel's xz decoder supports only CRC32 or none (xz --check=crc32)", currentStart);
        }
        return xz;
    }

    private void endSegment() {
        segments.add(new Segment(currentStart, in.position() - currentStart, currentCompression, currentEntries));
        current = null;
    }

    /**
     * What the first bytes of a part are: "newc" (070701 or 070702), "odc" (070707, which the
     * kernel rejects), or one of the compressors the kernel's decompress_method() knows; null
     * for anything else.
     */
    static String formatOf(byte[] head) {
        if (startsWith(head, '0', '7', '0', '7', '0', '1') || startsWith(head, '0', '7', '0', '7', '0', '2')) return "newc";
        if (startsWith(head, '0', '7', '0', '7', '0', '7')) return "odc";
        if (startsWith(head, 0x1f, 0x8b)) return "gzip";
        if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0)) return "xz";
        if (startsWith(head, 'B', 'Z', 'h')) return "bzip2";
        if (startsWith(head, 0x5d, 0, 0)) return "lzma";
        if (startsWith(head, 0x89, 'L', 'Z', 'O')) return "lzo";
        if (startsWith(head, 0x02, 0x21, 0x4c, 0x18)) return "lz4";
        if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) return "zstd";
        return null;
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((b[i] & 0xff) != prefix[i]) return false;
        return true;
    }

    /** Turns a decompressor's complaints about its input into CpioFormatException, and counts its output against the limit. */
    private final class FormatErrors extends FilterInputStream {
        private final String format;
        private final long offset;

        FormatErrors(InputStream in, String format, long offset) {
            super(in);
            this.format = format;
            this.offset = offset;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                if (b >= 0) count(1);
                return b;
            } catch (XZIOException | EOFException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                if (n > 0) count(n);
                return n;
            } catch (XZIOException | EOFException e) {
                throw corrupt(e);
            }
        }

        /**
         * BufferedInputStream asks after each read; xz's decoder answers a read that hit bad
         * data with the bytes before it and keeps the error for the next call, this one.
         */
        @Override
        public int available() throws IOException {
            try {
                return super.available();
            } catch (XZIOException | EOFException e) {
                throw corrupt(e);
            }
        }

        private void count(int n) {
            decompressed += n;
            if (decompressed > limit) {
                throw new CpioFormatException("the initrd's compressed parts decompress to more than " + (limit >> 20)
                        + " MiB (at the " + format + " data at offset " + offset + "), the most lobos unpacks", offset);
            }
        }

        private CpioFormatException corrupt(IOException e) {
            return new CpioFormatException("corrupt or truncated " + format + " data at offset " + offset + ": " + e.getMessage(), offset, e);
        }
    }
}
