package lobos.image;

import java.nio.ByteOrder;
import java.util.Optional;

/**
 * A Linux EFI zboot image (CONFIG_EFI_ZBOOT, drivers/firmware/efi/libstub/zboot-header.S):
 * a small EFI application that decompresses the kernel it carries. Its MS-DOS header holds
 * "zimg" at 4, the payload's offset at 8 and size at 12, and the compression's name at 24.
 *
 * @param compressionType the name in the header: gzip, lz4, lzma, lzo, xzkern, zstd22
 * @param payloadCompression the payload's compression, sniffed from its magic number
 * @param decompressedSize bytes of kernel inside
 * @param inner what the payload holds (an arm64 Image, or another architecture's kernel)
 */
public record EfiZboot(PeHeader pe, long payloadOffset, long payloadSize, String compressionType,
                       Optional<Compression> payloadCompression, long decompressedSize, KernelImage inner)
        implements KernelImage {

    static boolean isZboot(byte[] data) {
        return new ByteReader(data, "zboot header", ByteOrder.LITTLE_ENDIAN).matches(4, new byte[] {'z', 'i', 'm', 'g'});
    }

    static EfiZboot parse(byte[] data, int depth) {
        ByteReader r = new ByteReader(data, "zboot header", ByteOrder.LITTLE_ENDIAN);
        long offset = r.u32("payload offset", 8);
        long size = r.u32("payload size", 12);
        String type = r.fixedString("compression type", 24, 32);
        if (!r.fits(offset, size)) {
            throw ImageFormatException.corrupt(r.structure(), "payload offset", 8,
                    "and size put the payload at 0x%x..0x%x, outside the %d-byte file".formatted(offset, offset + size, data.length));
        }
        PeHeader pe = Pe.parse(data).header();
        Optional<Compression> compression = Compression.sniff(data, (int) offset);
        if (compression.isEmpty()) {
            throw ImageFormatException.corrupt(r.structure(), "payload offset", 8,
                    "points to data in no known compression (%s named \"%s\")".formatted(
                            UnknownImageException.hex(r.bytes("payload", offset, Math.min(size, 8)), 8), type));
        }
        byte[] kernel = compression.get().decompress(data, (int) offset, (int) size, Compression.DEFAULT_LIMIT);
        KernelImage inner = Identify.nested(kernel, "the zboot payload", depth);
        return new EfiZboot(pe, offset, size, type, compression, kernel.length, inner);
    }

    @Override
    public String kind() {
        return "EFI zboot";
    }
}
