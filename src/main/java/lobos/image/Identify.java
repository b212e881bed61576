package lobos.image;

import java.util.Optional;

/** Tries the formats in an order where no earlier test can mistake a later format for its own. */
final class Identify {
    /** Compressed kernels inside compressed kernels, UKIs inside UKIs: this deep and no deeper. */
    private static final int MAX_DEPTH = 3;

    private Identify() {}

    static KernelImage identify(byte[] data, int depth) {
        // A bzImage with an EFI stub is also a PE file: its "HdrS" decides first.
        if (BzImage.isBzImage(data)) return BzImage.parse(data);
        if (EfiZboot.isZboot(data) && Pe.isPe(data)) return EfiZboot.parse(data, depth);
        if (Arm64Image.isArm64Image(data)) return Arm64Image.parse(data);
        if (Pe.isPe(data)) {
            Pe pe = Pe.parse(data);
            return pe.section(".linux").isPresent() ? Uki.parse(pe, depth) : new EfiImage(pe.header(), data.length);
        }
        Optional<Multiboot.Header1> v1 = Multiboot.findV1(data);
        Optional<Multiboot.Header2> v2 = Multiboot.findV2(data);
        boolean multiboot = v1.isPresent() || v2.isPresent();
        if (Elf.isElf(data)) {
            ElfImage elf = Elf.parse(data).image();
            return multiboot ? new MultibootImage(v1, v2, Optional.of(elf), data.length) : elf;
        }
        Optional<Compression> compression = Compression.sniff(data);
        if (compression.isPresent()) {
            byte[] inside = compression.get().decompress(data);
            String what = compression.get().displayName() + "-compressed data";
            return new CompressedImage(compression.get(), data.length, inside.length, nested(inside, what, depth));
        }
        if (multiboot) return new MultibootImage(v1, v2, Optional.empty(), data.length);
        throw UnknownImageException.of("the data", data);
    }

    /** Identifies a kernel found inside another (a UKI's .linux, a decompressed payload). */
    static KernelImage nested(byte[] data, String what, int depth) {
        if (depth + 1 > MAX_DEPTH) {
            throw new ImageFormatException(what + " nests kernel formats more than " + MAX_DEPTH + " deep",
                    "this is not a kernel any boot loader would load");
        }
        try {
            return identify(data, depth + 1);
        } catch (UnknownImageException e) {
            throw UnknownImageException.of(what, data);
        }
    }
}
