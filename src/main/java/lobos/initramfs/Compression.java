package lobos.initramfs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * How an initramfs is compressed on output. All are deterministic: gzip gets a fixed header
 * (no name, mtime 0, OS 3 = Unix, as {@code gzip -n} writes it), xz and zstd come from
 * encoders at pinned versions, zstd on one thread. Kernels with CONFIG_RD_GZIP, CONFIG_RD_XZ
 * and CONFIG_RD_ZSTD unpack them (Debian has all three).
 */
public enum Compression {
    NONE(""),
    GZIP(".gz"),
    /**
     * LZMA2 only (the kernel's XZ Embedded has no other filter unless BCJ is configured), CRC32
     * integrity check (XZ Embedded supports only CRC32 or none; xz's default CRC64 fails to
     * unpack), preset 6 with an 8 MiB dictionary: the kernel allocates the dictionary while it
     * unpacks the initramfs (multi-call mode), which is fine at boot; see docs/initramfs.md.
     */
    XZ(".xz"),
    /**
     * zstd at level 19 ({@link ZstdEncoder}): about 8% larger than xz, and unpacked about twice
     * as fast under QEMU's emulation and several times as fast on hardware (docs/performance.md).
     */
    ZSTD(".zst");

    /** LZMA2 dictionary size used for xz output. */
    public static final int XZ_DICTIONARY = 8 << 20;

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    /** ".gz", ".xz", ".zst" or "". */
    public String suffix() {
        return suffix;
    }

    /**
     * A stream that compresses into {@code out}; closing it finishes the compressed data and
     * flushes {@code out} but leaves {@code out} open.
     */
    public OutputStream compress(OutputStream out) throws IOException {
        OutputStream target = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        return switch (this) {
            case NONE -> target;
            case GZIP -> new GzipOutputStream(target);
            case XZ -> {
                LZMA2Options options = new LZMA2Options(6);
                options.setDictSize(XZ_DICTIONARY);
                yield new XZOutputStream(target, options, org.tukaani.xz.XZ.CHECK_CRC32);
            }
            case ZSTD -> ZstdEncoder.open(target);
        };
    }

    /** One gzip member (RFC 1952) with a fixed header; the deflate stream comes from the JDK's zlib at level 9. */
    private static final class GzipOutputStream extends OutputStream {
        private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3};
        private final OutputStream out;
        private final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        private final CRC32 crc = new CRC32();
        private final byte[] buffer = new byte[65536];
        private boolean closed;

        GzipOutputStream(OutputStream out) throws IOException {
            this.out = out;
            out.write(HEADER);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) throw new IOException("stream closed");
            crc.update(b, off, len);
            deflater.setInput(b, off, len);
            while (!deflater.needsInput()) drain();
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            deflater.finish();
            while (!deflater.finished()) drain();
            long size = deflater.getBytesRead();
            deflater.end();
            writeLittleEndian((int) crc.getValue());
            writeLittleEndian((int) size); // ISIZE is the size modulo 2^32
            out.close();
        }

        private void drain() throws IOException {
            int n = deflater.deflate(buffer);
            out.write(buffer, 0, n);
        }

        private void writeLittleEndian(int v) throws IOException {
            out.write(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)});
        }
    }
}
