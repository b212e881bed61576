package lobos.image;

import java.nio.ByteOrder;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * An x86 Linux kernel in the boot protocol's format (bzImage, or an old zImage without
 * LOADED_HIGH): a boot sector, {@code setupSects} sectors of real-mode setup code holding the
 * setup header at 0x1f1, then the protected-mode code, whose payload is the compressed vmlinux.
 *
 * @param header the raw setup header fields, for decisions such as kexec_file_load's
 * @param protocol the boot protocol version as text, "2.15"
 * @param kernelVersion the string kernel_version points to, "" if none
 * @param setupSize bytes of real-mode code, (setup_sects + 1) * 512: where protected-mode code starts
 * @param kernelSize bytes of protected-mode code, syssize * 16
 * @param payloadCompression the payload's compression, sniffed from its magic number; the
 *     payload is {@code header.payloadLength()} bytes at {@code setupSize + header.payloadOffset()}
 *     and ends with the 4-byte size trailer, which xz and zstd decoders want left out
 * @param payloadUncompressedSize the payload's last 4 bytes: the size of the vmlinux inside
 *     (gzip's ISIZE; the kernel build appends the same for its other compressors)
 * @param efiStub the PE headers of the EFI stub, when the image is also an EFI executable
 * @param fileSize bytes in the file (a signed kernel has its signature after the kernel)
 */
public record BzImage(SetupHeader header, String protocol, String kernelVersion, Set<LoadFlag> loadflags,
                      Set<XLoadFlag> xloadflags, long setupSize, long kernelSize,
                      Optional<Compression> payloadCompression, long payloadUncompressedSize,
                      Optional<PeHeader> efiStub, long fileSize) implements KernelImage {

    /** The loadflags bits (setup header offset 0x211). */
    public enum LoadFlag {
        LOADED_HIGH(0), KASLR(1), QUIET(5), KEEP_SEGMENTS(6), CAN_USE_HEAP(7);

        public final int bit;

        LoadFlag(int bit) {
            this.bit = bit;
        }
    }

    /** The xloadflags bits (offset 0x236, protocol 2.12+). */
    public enum XLoadFlag {
        KERNEL_64(0), CAN_BE_LOADED_ABOVE_4G(1), EFI_HANDOVER_32(2), EFI_HANDOVER_64(3), EFI_KEXEC(4),
        FIVE_LEVEL(5), FIVE_LEVEL_ENABLED(6), MEM_ENCRYPTION(7);

        public final int bit;

        XLoadFlag(int bit) {
            this.bit = bit;
        }
    }

    private static final String STRUCTURE = "bzImage setup header";

    /** Whether the data carry the setup header's "HdrS" magic at 0x202. */
    static boolean isBzImage(byte[] data) {
        return new ByteReader(data, STRUCTURE, ByteOrder.LITTLE_ENDIAN).matches(0x202, new byte[] {'H', 'd', 'r', 'S'});
    }

    static BzImage parse(byte[] data) {
        ByteReader r = new ByteReader(data, STRUCTURE, ByteOrder.LITTLE_ENDIAN);
        if (!isBzImage(data)) throw ImageFormatException.corrupt(STRUCTURE, "header", 0x202, "is not \"HdrS\"");
        SetupHeader h = SetupHeader.read(r);
        if (h.version() < 0x200) {
            throw ImageFormatException.corrupt(STRUCTURE, "version", 0x206, "is 0x%04x, below 2.00 although \"HdrS\" is present".formatted(h.version()));
        }
        long setupSize = ((h.setupSects() == 0 ? 4 : h.setupSects()) + 1) * 512L;
        if (setupSize > data.length) {
            throw new ImageFormatException("bzImage truncated: setup_sects at offset 0x1f1 makes the setup code %d bytes, file has %d"
                    .formatted(setupSize, data.length), "the file is shorter than its headers say: copy or download it again");
        }
        long kernelSize = h.syssize() * 16;
        // syssize counts 16-byte paragraphs, rounded up: memtest86+ ends up to 15 bytes before it (GRUB loads it).
        if (h.version() >= 0x204 && kernelSize > data.length - setupSize + 15) {
            throw new ImageFormatException("bzImage truncated: syssize at offset 0x1f4 makes the protected-mode code %d bytes, file has %d after the %d bytes of setup code"
                    .formatted(kernelSize, data.length - setupSize, setupSize), "the file is shorter than its headers say: copy or download it again");
        }
        String version = "";
        if (h.kernelVersionPointer() != 0) {
            long at = h.kernelVersionPointer() + 0x200L;
            if (at >= setupSize) {
                throw ImageFormatException.corrupt(STRUCTURE, "kernel_version", 0x20e,
                        "points to 0x%x, outside the %d bytes of setup code".formatted(at, setupSize));
            }
            version = r.cString("kernel_version", at, setupSize);
        }
        Optional<Compression> compression = Optional.empty();
        long uncompressed = 0;
        if (h.payloadOffset() != 0 || h.payloadLength() != 0) {
            long start = setupSize + h.payloadOffset();
            if (!r.fits(start, h.payloadLength()) || h.payloadLength() < 4) {
                throw ImageFormatException.corrupt(STRUCTURE, "payload_offset", 0x248,
                        "and payload_length put the payload at 0x%x..0x%x, outside the %d-byte file"
                                .formatted(start, start + h.payloadLength(), data.length));
            }
            compression = Compression.sniff(data, (int) start);
            uncompressed = r.u32("payload size trailer", start + h.payloadLength() - 4);
        }
        Optional<PeHeader> stub = Pe.isPe(data) ? Optional.of(Pe.parse(data).header()) : Optional.empty();
        return new BzImage(h, (h.version() >> 8) + "." + "%02d".formatted(h.version() & 0xff), version,
                bits(LoadFlag.class, h.loadflags(), f -> f.bit), bits(XLoadFlag.class, h.xloadflags(), f -> f.bit),
                setupSize, kernelSize, compression, uncompressed, stub, data.length);
    }

    /** The flags whose bits are set in {@code value}, in bit order. */
    private static <E extends Enum<E>> Set<E> bits(Class<E> type, int value, ToIntFunction<E> bit) {
        Set<E> set = EnumSet.noneOf(type);
        for (E e : type.getEnumConstants()) {
            if ((value & (1 << bit.applyAsInt(e))) != 0) set.add(e);
        }
        return Collections.unmodifiableSet(set);
    }

    /** Whether the image sets the xloadflags bit. */
    public boolean has(XLoadFlag flag) {
        return xloadflags.contains(flag);
    }

    /** Whether the boot protocol is at least major.minor. */
    public boolean protocolAtLeast(int major, int minor) {
        return header.version() >= (major << 8 | minor);
    }

    @Override
    public String kind() {
        return (header.loadflags() & 1) != 0 ? "x86 bzImage" : "x86 zImage";
    }
}
