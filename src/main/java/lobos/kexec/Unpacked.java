package lobos.kexec;

import java.util.Optional;
import lobos.image.Compression;
import lobos.image.EfiZboot;
import lobos.image.KernelImage;

/**
 * The kernel inside a wrapper the running kernel cannot open itself: a whole-file compressed
 * kernel (Debian's arm64 vmlinuz is a gzip'd Image; a vmlinux.gz) or an EFI zboot image
 * (arm64's CONFIG_EFI_ZBOOT, which only its own EFI stub would unpack). Decompression is
 * bounded by {@link Compression#DEFAULT_LIMIT}.
 */
final class Unpacked {
    private Unpacked() {}

    /** What wraps a kernel, if anything: "gzip", "EFI zboot (gzip)". */
    static Optional<String> wrapper(KernelImage image) {
        return switch (image) {
            case lobos.image.CompressedImage c -> Optional.of(c.compression().displayName());
            case EfiZboot z -> Optional.of("EFI zboot (" + z.compressionType() + ")");
            default -> Optional.empty();
        };
    }

    /** The kernel the wrapper holds (one level), as identified inside it. */
    static KernelImage inner(KernelImage image) {
        return switch (image) {
            case lobos.image.CompressedImage c -> c.inner();
            case EfiZboot z -> z.inner();
            default -> image;
        };
    }

    /** The bytes of the kernel inside {@code data}: decompressed if wrapped, else {@code data} itself. */
    static byte[] kernel(byte[] data) {
        KernelImage image = KernelImage.identify(data);
        return switch (image) {
            case EfiZboot z -> z.payloadCompression().orElseThrow().decompress(data, (int) z.payloadOffset(),
                    (int) z.payloadSize(), Compression.DEFAULT_LIMIT);
            case lobos.image.CompressedImage c -> c.compression().decompress(data);
            default -> data;
        };
    }
}
