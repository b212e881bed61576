package lobos.image;

import io.airlift.compress.v3.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The compressions Linux uses for kernels and initramfs images, recognised by their magic
 * numbers and decompressed in pure Java with a bound on the output size. {@code lobos.image}
 * uses it for compressed kernels and bzImage payloads, {@code lobos.initramfs} for initrds.
 */
public enum Compression {
    GZIP("1f8b08"),
    BZIP2("425a68"),
    XZ("fd377a585a00"),
    /** The old .lzma ("LZMA alone") format: properties byte 0x5d, dictionary size a power of two >= 64 KiB. */
    LZMA("5d0000"),
    /** The legacy LZ4 format that {@code lz4 -l} writes and the kernel's build uses. */
    LZ4_LEGACY("02214c18"),
    LZ4_FRAME("04224d18"),
    ZSTD("28b52ffd"),
    /** lzop's file format; recognised, not decompressed. */
    LZO("894c5a4f000d0a1a0a");

    /** The most {@link #decompress(byte[])} produces: larger outputs are refused, not truncated (docs/security.md). */
    public static final long DEFAULT_LIMIT = 512L << 20;

    /** xz and lzma dictionaries larger than this are refused (the kernel's own xz files use 32 MiB). */
    private static final int DICTIONARY_LIMIT_KIB = 256 << 10;

    /** zstd windows larger than this are refused, as the zstd tool does without --long. */
    private static final long ZSTD_WINDOW_LIMIT = 1L << 27;

    private final String displayName;
    private final byte[] magic;

    Compression(String magicHex) {
        this.displayName = name().toLowerCase(Locale.ROOT).replace('_', '-');
        this.magic = HexFormat.of().parseHex(magicHex);
    }

    /** A short name: gzip, bzip2, xz, lzma, lz4-legacy, lz4-frame, zstd, lzo (as in JSON output). */
    public String displayName() {
        return displayName;
    }

    /** The magic number that starts data in this format. */
    byte[] magic() {
        return magic.clone();
    }

    @Override
    public String toString() {
        return displayName;
    }

    /** The compression whose magic number starts {@code data}, if any. */
    public static Optional<Compression> sniff(byte[] data) {
        return sniff(data, 0);
    }

    /** The compression whose magic number is at {@code offset} in {@code data}, if any. */
    public static Optional<Compression> sniff(byte[] data, int offset) {
        for (Compression c : values()) {
            if (offset >= 0 && offset <= data.length - c.magic.length
                    && Arrays.equals(data, offset, offset + c.magic.length, c.magic, 0, c.magic.length)
                    && (c != BZIP2 || (data.length > offset + 3 && data[offset + 3] >= '1' && data[offset + 3] <= '9'))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Decompresses all of {@code data}, refusing to produce more than {@link #DEFAULT_LIMIT} bytes. */
    public byte[] decompress(byte[] data) {
        return decompress(data, 0, data.length, DEFAULT_LIMIT);
    }

    /**
     * Decompresses {@code length} bytes of {@code data} from {@code offset} into a new array.
     * Concatenated streams (several gzip members, xz streams, zstd frames) give their outputs
     * one after the other. Two passes: the first only counts, with the limit checked on the way,
     * so a bomb is refused without holding any of its output; the second fills an array of
     * exactly the counted size. The heap holds the output once, never twice.
     *
     * @throws ImageFormatException if the data are corrupt or truncated, the output would
     *     exceed {@code limit} bytes, or there is no memory for an array of its size
     */
    public byte[] decompress(byte[] data, int offset, int length, long limit) {
        long size = decompress(data, offset, length, OutputStream.nullOutputStream(), limit);
        if (size > Integer.MAX_VALUE - 8) throw tooLarge(Integer.MAX_VALUE - 8);
        byte[] out;
        try {
            out = new byte[(int) size];
        } catch (OutOfMemoryError e) {
            throw new ImageFormatException("%s data decompress to %d MiB, more than this machine's memory lets lobos hold (its heap is %d MiB)"
                    .formatted(displayName, size >> 20, Runtime.getRuntime().maxMemory() >> 20),
                    "give the machine more memory, or decompress the file elsewhere first", e);
        }
        var fill = new ArrayFill(out);
        decompress(data, offset, length, fill, size);
        if (fill.at != out.length) throw corrupt(new IOException("the second pass gave " + fill.at + " bytes, the first " + size));
        return out;
    }

    /**
     * Decompresses {@code length} bytes of {@code data} from {@code offset} into {@code out} (a
     * file, a memory file, or a counter), checking the limit on every piece before it is written;
     * returns the number of bytes written. Nothing of the output is kept in the heap.
     *
     * @throws ImageFormatException if the data are corrupt or truncated, or the output would
     *     exceed {@code limit} bytes (with nothing beyond the limit written)
     */
    public long decompress(byte[] data, int offset, int length, OutputStream out, long limit) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("range %d+%d outside %d bytes".formatted(offset, length, data.length));
        }
        if (this == ZSTD) checkZstdFrames(data, offset, length);
        try (InputStream in = decompressing(new ByteArrayInputStream(data, offset, length))) {
            return copyBounded(in, out, limit);
        } catch (ImageFormatException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new ImageFormatException("not enough memory to decompress %s data (the heap is %d MiB)"
                    .formatted(displayName, Runtime.getRuntime().maxMemory() >> 20),
                    "give the machine more memory, or decompress the file elsewhere first", e);
        } catch (IOException | RuntimeException e) {
            // The decoders report corrupt input in their own ways: IOExceptions, and from some
            // libraries IllegalArgument- or IndexOutOfBounds-Exceptions. All mean "bad data".
            throw corrupt(e);
        }
    }

    private ImageFormatException corrupt(Exception e) {
        return new ImageFormatException(
                "%s data corrupt or truncated: %s".formatted(displayName, message(e)),
                "the compressed data are damaged: copy or download the file again", e);
    }

    private ImageFormatException tooLarge(long limit) {
        return new ImageFormatException(
                "%s data decompress to larger than %s, the most lobos unpacks".formatted(displayName, size(limit)),
                "this is not a kernel or initrd of sensible size (or a decompression bomb)");
    }

    private static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /** The rest of a fixed array, as a stream: the second pass of {@link #decompress(byte[], int, int, long)}. */
    private static final class ArrayFill extends OutputStream {
        private final byte[] array;
        private int at;

        ArrayFill(byte[] array) {
            this.array = array;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, array, at, len);
            at += len;
        }
    }

    /**
     * A stream of the decompressed bytes of {@code in}. It does not bound its output: callers
     * that read untrusted data count what they read (as {@link #decompress} does). Unlike
     * {@link #decompress}, it does not check zstd frame headers first, so a damaged zstd
     * header can make the decoder allocate up to 2 GiB: prefer {@code decompress} for zstd.
     */
    public InputStream decompressing(InputStream in) throws IOException {
        return switch (this) {
            case GZIP -> new GZIPInputStream(in, 64 << 10);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> new XZInputStream(in, DICTIONARY_LIMIT_KIB);
            case LZMA -> new LZMAInputStream(in, DICTIONARY_LIMIT_KIB);
            case LZ4_LEGACY -> new Lz4LegacyInputStream(in);
            case LZ4_FRAME -> new FramedLZ4CompressorInputStream(in, true);
            case ZSTD -> new ZstdInputStream(in);
            case LZO -> throw new ImageFormatException(
                    "lzo-compressed data: lobos does not decompress lzo",
                    "decompress it first (lzop -d), or recompress it with gzip, xz or zstd");
        };
    }

    private long copyBounded(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 << 10];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            if (total + n > limit) throw tooLarge(limit);
            try {
                out.write(buffer, 0, n);
            } catch (IOException e) { // the caller's file, not the data: no "corrupt" for this
                throw new ImageFormatException("cannot store the decompressed %s data after %d bytes: %s"
                        .formatted(displayName, total, message(e)), "free memory or space where it goes, then try again", e);
            }
            total += n;
        }
        return total;
    }

    /**
     * Walks the zstd frames before decoding: the decoder allocates the window a frame header asks
     * for (up to 2 GiB), so windows above {@link #ZSTD_WINDOW_LIMIT} are refused here first.
     */
    private static void checkZstdFrames(byte[] data, int offset, int length) {
        ByteReader r = new ByteReader(data, "zstd frame", java.nio.ByteOrder.LITTLE_ENDIAN);
        long end = (long) offset + length;
        long at = offset;
        while (at < end) {
            long magic = r.u32("Magic_Number", at);
            if ((magic & 0xfffffff0L) == 0x184d2a50L) { // skippable frame
                at += 8 + r.u32("Frame_Size", at + 4);
                continue;
            }
            if (magic != 0xfd2fb528L) {
                throw ImageFormatException.corrupt("zstd frame", "Magic_Number", at, "is 0x%08x, not a zstd frame".formatted(magic));
            }
            int descriptor = r.u8("Frame_Header_Descriptor", at + 4);
            boolean singleSegment = (descriptor & 0x20) != 0;
            int dictionaryIdSize = new int[] {0, 1, 2, 4}[descriptor & 3];
            int contentSizeField = descriptor >> 6;
            int contentSizeSize = new int[] {singleSegment ? 1 : 0, 2, 4, 8}[contentSizeField];
            long header = at + 5;
            long window;
            if (singleSegment) {
                long contentSizeAt = header + dictionaryIdSize;
                window = switch (contentSizeSize) {
                    case 1 -> r.u8("Frame_Content_Size", contentSizeAt);
                    case 2 -> r.u16("Frame_Content_Size", contentSizeAt) + 256;
                    case 4 -> r.u32("Frame_Content_Size", contentSizeAt);
                    default -> r.u64("Frame_Content_Size", contentSizeAt);
                };
            } else {
                int descriptorByte = r.u8("Window_Descriptor", header);
                long base = 1L << (10 + (descriptorByte >> 3));
                window = base + (base / 8) * (descriptorByte & 7);
                header++;
            }
            if (window < 0 || window > ZSTD_WINDOW_LIMIT) {
                throw ImageFormatException.corrupt("zstd frame", "Window_Descriptor", at + 5,
                        "asks for a %d-byte window, more than the %d MiB lobos allows".formatted(window, ZSTD_WINDOW_LIMIT >> 20));
            }
            at = header + dictionaryIdSize + contentSizeSize;
            boolean last = false;
            while (!last) {
                r.require("Block_Header", at, 3);
                int blockHeader = r.u8("Block_Header", at) | r.u8("Block_Header", at + 1) << 8 | r.u8("Block_Header", at + 2) << 16;
                last = (blockHeader & 1) != 0;
                int type = (blockHeader >> 1) & 3;
                int size = blockHeader >>> 3;
                at += 3 + (type == 1 ? 1 : size);
                if (type == 3) throw ImageFormatException.corrupt("zstd frame", "Block_Type", at, "is the reserved value 3");
            }
            if ((descriptor & 0x04) != 0) at += 4; // content checksum
            if (at > end) throw ImageFormatException.truncated("zstd frame", "Block_Content", at, at - end, length);
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
