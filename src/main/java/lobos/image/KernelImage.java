package lobos.image;

/**
 * What a kernel file is, as far as its headers tell: one record per format. Pure descriptions,
 * made from bytes by {@link #identify(byte[])}; deciding what can boot them is the kexec planner's.
 */
public sealed interface KernelImage
        permits BzImage, ElfImage, Arm64Image, EfiImage, EfiZboot, Uki, MultibootImage, CompressedImage {

    /** A short human name of the format, such as "x86 bzImage" or "gzip-compressed arm64 Image". */
    String kind();

    /**
     * Identifies and describes a kernel image. Compressed files are decompressed (at most
     * {@link Compression#DEFAULT_LIMIT} bytes) and their contents identified.
     *
     * @throws UnknownImageException if the data match no known kernel format
     * @throws ImageFormatException if they match one but are truncated or corrupt
     */
    static KernelImage identify(byte[] data) {
        return Identify.identify(data, 0);
    }
}
