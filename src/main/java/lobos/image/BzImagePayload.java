package lobos.image;

/**
 * The kernel inside an x86 bzImage: its payload, decompressed. On x86 the payload is the ELF
 * vmlinux (stripped, followed by its relocation table), which the bzImage's own decompressor
 * would unpack; {@code scripts/extract-vmlinux} finds the same bytes by searching for magic
 * numbers, lobos finds them through the setup header's payload_offset and payload_length.
 */
public final class BzImagePayload {
    private BzImagePayload() {}

    /**
     * The decompressed payload of {@code data}, which {@code image} describes.
     *
     * @throws ImageFormatException if the image has no payload fields (boot protocol before
     *     2.08) or its compression is unknown or damaged
     */
    public static byte[] decompress(byte[] data, BzImage image) {
        long start = image.setupSize() + image.header().payloadOffset();
        long length = image.header().payloadLength();
        if (image.header().payloadLength() == 0 || image.payloadCompression().isEmpty()) {
            throw new ImageFormatException("the bzImage has no payload lobos can find (protocol " + image.protocol()
                    + ", payload_length " + length + ")", "boot it as it is; its decompressor knows its payload");
        }
        // The last 4 bytes are the decompressed size the build appends; decoders of xz and zstd reject them.
        return image.payloadCompression().get().decompress(data, (int) start, (int) length - 4, Compression.DEFAULT_LIMIT);
    }
}
