package lobos.image;

/**
 * A whole file compressed with one of the kernel's compressors (Debian's arm64 vmlinuz is a
 * gzip-compressed Image, for example), with what was found inside.
 */
public record CompressedImage(Compression compression, long compressedSize, long decompressedSize,
                              KernelImage inner) implements KernelImage {
    @Override
    public String kind() {
        return compression.displayName() + "-compressed " + inner.kind();
    }
}
