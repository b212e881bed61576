package lobos.image;

import java.nio.ByteOrder;
import java.util.Optional;

/**
 * An arm64 Linux kernel Image (Documentation/arch/arm64/booting.rst): a 64-byte header with
 * the magic "ARM\x64" at 0x38. With an EFI stub the image starts with "MZ" and 0x3c points to
 * PE headers, so the same file is also an EFI application.
 *
 * @param textOffset load offset from a 2 MiB aligned base (0x80000 assumed when imageSize is 0)
 * @param imageSize memory the image needs from its start; 0 means a kernel older than 3.17
 * @param flags the raw flags field
 * @param bigEndian flags bit 0
 * @param pageSize flags bits 1-2 as bytes (4096, 16384, 65536), 0 if unspecified
 * @param placeAnywhere flags bit 3: the 2 MiB base may be anywhere in 48-bit physical memory,
 *     not as close as possible to the start of DRAM
 */
public record Arm64Image(long textOffset, long imageSize, long flags, boolean bigEndian, int pageSize,
                         boolean placeAnywhere, Optional<PeHeader> efiStub, long fileSize) implements KernelImage {
    static final long MAGIC = 0x644d5241L;

    static boolean isArm64Image(byte[] data) {
        ByteReader r = new ByteReader(data, "arm64 Image header", ByteOrder.LITTLE_ENDIAN);
        return r.fits(0x38, 4) && r.u32("magic", 0x38) == MAGIC;
    }

    static Arm64Image parse(byte[] data) {
        ByteReader r = new ByteReader(data, "arm64 Image header", ByteOrder.LITTLE_ENDIAN);
        if (r.u32("magic", 0x38) != MAGIC) throw ImageFormatException.corrupt(r.structure(), "magic", 0x38, "is not \"ARM\\x64\"");
        long textOffset = r.u64("text_offset", 8);
        long imageSize = r.u64("image_size", 16);
        long flags = r.u64("flags", 24);
        r.require("res5", 0x3c, 4);
        int pageSize = new int[] {0, 4096, 16384, 65536}[(int) (flags >> 1) & 3];
        Optional<PeHeader> stub = Pe.isPe(data) ? Optional.of(Pe.parse(data).header()) : Optional.empty();
        return new Arm64Image(textOffset, imageSize, flags, (flags & 1) != 0, pageSize, (flags & 8) != 0, stub, data.length);
    }

    @Override
    public String kind() {
        return "arm64 Image";
    }
}
