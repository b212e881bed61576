package lobos.image;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds Multiboot headers: version 1 (magic 0x1BADB002, 4-byte aligned in the first 8192
 * bytes) and version 2 (magic 0xE85250D6, 8-byte aligned in the first 32768 bytes). A header
 * counts only if its checksum makes the header's sum 0 mod 2^32, as the specifications say a
 * loader must check; the magic alone may be chance.
 */
public final class Multiboot {
    static final long MAGIC1 = 0x1BADB002L;
    static final long MAGIC2 = 0xE85250D6L;

    private Multiboot() {}

    /** Multiboot (v1) header flags; bits 0-15 are required, a loader must refuse unknown ones. */
    public enum Flag {
        PAGE_ALIGN(0), MEMORY_INFO(1), VIDEO_MODE(2), ADDRESS_FIELDS(16);

        public final int bit;

        Flag(int bit) {
            this.bit = bit;
        }
    }

    /**
     * A Multiboot (v1) header. The address fields are 0 unless ADDRESS_FIELDS is set (then the
     * file is loaded by them, not as ELF); the video fields are 0 unless VIDEO_MODE is set.
     *
     * @param offset where the header starts in the file
     * @param unknownRequiredFlags set bits 0-15 this specification version does not define
     */
    public record Header1(long offset, long flags, Set<Flag> flagBits, long unknownRequiredFlags,
                          long headerAddr, long loadAddr, long loadEndAddr, long bssEndAddr, long entryAddr,
                          long modeType, long width, long height, long depth) {}

    /** A Multiboot2 header tag: its type, name, whether it is optional, and its body as 32-bit words. */
    public record Tag(int type, String name, boolean optional, long size, List<Long> values) {}

    /** A Multiboot2 header; architecture 0 is i386 (protected mode), 4 is MIPS32. */
    public record Header2(long offset, long architecture, String architectureName, long headerLength, List<Tag> tags) {}

    private static final List<String> TAG_NAMES = List.of("end", "information-request", "address", "entry-address",
            "console-flags", "framebuffer", "module-alignment", "efi-boot-services", "efi-i386-entry-address",
            "efi-amd64-entry-address", "relocatable");

    public static Optional<Header1> findV1(byte[] data) {
        ByteReader r = new ByteReader(data, "Multiboot header", ByteOrder.LITTLE_ENDIAN);
        for (long at = 0; at + 12 <= Math.min(8192, data.length); at += 4) {
            if (r.u32("magic", at) != MAGIC1) continue;
            long flags = r.u32("flags", at + 4);
            if (((MAGIC1 + flags + r.u32("checksum", at + 8)) & 0xffffffffL) != 0) continue;
            Set<Flag> bits = EnumSet.noneOf(Flag.class);
            long known = 0;
            for (Flag f : Flag.values()) {
                known |= 1L << f.bit;
                if ((flags & (1L << f.bit)) != 0) bits.add(f);
            }
            boolean address = bits.contains(Flag.ADDRESS_FIELDS);
            boolean video = bits.contains(Flag.VIDEO_MODE);
            return Optional.of(new Header1(at, flags, Collections.unmodifiableSet(bits), flags & 0xffff & ~known,
                    address ? r.u32("header_addr", at + 12) : 0, address ? r.u32("load_addr", at + 16) : 0,
                    address ? r.u32("load_end_addr", at + 20) : 0, address ? r.u32("bss_end_addr", at + 24) : 0,
                    address ? r.u32("entry_addr", at + 28) : 0,
                    video ? r.u32("mode_type", at + 32) : 0, video ? r.u32("width", at + 36) : 0,
                    video ? r.u32("height", at + 40) : 0, video ? r.u32("depth", at + 44) : 0));
        }
        return Optional.empty();
    }

    public static Optional<Header2> findV2(byte[] data) {
        ByteReader r = new ByteReader(data, "Multiboot2 header", ByteOrder.LITTLE_ENDIAN);
        for (long at = 0; at + 16 <= Math.min(32768, data.length); at += 8) {
            if (r.u32("magic", at) != MAGIC2) continue;
            long architecture = r.u32("architecture", at + 4);
            long length = r.u32("header_length", at + 8);
            if (((MAGIC2 + architecture + length + r.u32("checksum", at + 12)) & 0xffffffffL) != 0) continue;
            if (length < 16) throw ImageFormatException.corrupt(r.structure(), "header_length", at + 8, "is %d, less than the 16 bytes of the header".formatted(length));
            r.require("header_length", at, length);
            return Optional.of(new Header2(at, architecture, architecture == 0 ? "i386" : architecture == 4 ? "mips32" : "unknown",
                    length, tags(r, at + 16, at + length)));
        }
        return Optional.empty();
    }

    private static List<Tag> tags(ByteReader r, long from, long end) {
        List<Tag> tags = new ArrayList<>();
        long at = from;
        while (true) {
            if (at + 8 > end) throw ImageFormatException.corrupt(r.structure(), "tags", at, "run past header_length without an end tag");
            int type = r.u16("tag type", at);
            int flags = r.u16("tag flags", at + 2);
            long size = r.u32("tag size", at + 4);
            if (size < 8 || size > end - at) {
                throw ImageFormatException.corrupt(r.structure(), "tag size", at + 4, "is %d, outside 8..%d".formatted(size, end - at));
            }
            List<Long> values = new ArrayList<>();
            for (long v = at + 8; v + 4 <= at + size; v += 4) values.add(r.u32("tag field", v));
            tags.add(new Tag(type, type < TAG_NAMES.size() ? TAG_NAMES.get(type) : "type " + type, (flags & 1) != 0, size, List.copyOf(values)));
            if (type == 0) return List.copyOf(tags);
            at += (size + 7) & ~7L; // tags are 8-byte aligned
        }
    }
}
