package lobos.image;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads ELF files (32/64-bit, either byte order): the file header, program segments, sections
 * by name, and the dynamic section's DT_NEEDED/DT_SONAME entries. Used for vmlinux kernels,
 * kernel modules ({@code .modinfo}) and shared libraries (which glibc files the JVM needs).
 * Every offset and size in the file is checked against the file's length before it is used.
 */
public final class Elf {
    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_DYNAMIC = 6;
    private static final long DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10, DT_SONAME = 14;

    private static final Map<Integer, String> MACHINES = Map.ofEntries(
            Map.entry(2, "SPARC"), Map.entry(3, "x86"), Map.entry(8, "MIPS"), Map.entry(20, "PowerPC"),
            Map.entry(21, "PowerPC64"), Map.entry(22, "S/390"), Map.entry(40, "ARM"), Map.entry(43, "SPARC V9"),
            Map.entry(50, "IA-64"), Map.entry(62, "x86-64"), Map.entry(183, "AArch64"), Map.entry(243, "RISC-V"),
            Map.entry(247, "BPF"), Map.entry(258, "LoongArch"));
    private static final Map<Integer, String> TYPES = Map.of(
            0, "NONE", 1, "REL", 2, "EXEC", 3, "DYN", 4, "CORE");
    private static final Map<Long, String> SEGMENT_TYPES = Map.ofEntries(
            Map.entry(0L, "NULL"), Map.entry(1L, "LOAD"), Map.entry(2L, "DYNAMIC"), Map.entry(3L, "INTERP"),
            Map.entry(4L, "NOTE"), Map.entry(5L, "SHLIB"), Map.entry(6L, "PHDR"), Map.entry(7L, "TLS"),
            Map.entry(0x6474e550L, "GNU_EH_FRAME"), Map.entry(0x6474e551L, "GNU_STACK"),
            Map.entry(0x6474e552L, "GNU_RELRO"), Map.entry(0x6474e553L, "GNU_PROPERTY"));
    private static final Map<Long, String> SECTION_TYPES = Map.ofEntries(
            Map.entry(0L, "NULL"), Map.entry(1L, "PROGBITS"), Map.entry(2L, "SYMTAB"), Map.entry(3L, "STRTAB"),
            Map.entry(4L, "RELA"), Map.entry(5L, "HASH"), Map.entry(6L, "DYNAMIC"), Map.entry(7L, "NOTE"),
            Map.entry(8L, "NOBITS"), Map.entry(9L, "REL"), Map.entry(11L, "DYNSYM"), Map.entry(14L, "INIT_ARRAY"),
            Map.entry(15L, "FINI_ARRAY"), Map.entry(16L, "PREINIT_ARRAY"), Map.entry(17L, "GROUP"),
            Map.entry(18L, "SYMTAB_SHNDX"), Map.entry(0x6ffffff6L, "GNU_HASH"), Map.entry(0x6ffffffdL, "VERDEF"),
            Map.entry(0x6ffffffeL, "VERNEED"), Map.entry(0x6fffffffL, "VERSYM"));

    /** A program header: what the loader maps where. */
    public record Segment(String type, long typeCode, String flags, long offset, long vaddr, long paddr,
                          long fileSize, long memorySize, long align) {}

    /** A section header, with its name resolved through the section name string table. */
    public record Section(String name, String type, long typeCode, long flags, long addr, long offset,
                          long size, long link, long info, long entrySize) {}

    private final byte[] data;
    private final ByteReader r;
    private final boolean wide;
    private final ElfImage image;

    private Elf(byte[] data) {
        this.data = data;
        ByteReader ident = new ByteReader(data, "ELF header", ByteOrder.LITTLE_ENDIAN);
        if (!isElf(data)) {
            throw ImageFormatException.corrupt("ELF header", "e_ident", 0, "lacks the magic \\x7fELF");
        }
        int elfClass = ident.u8("EI_CLASS", 4);
        int encoding = ident.u8("EI_DATA", 5);
        if (elfClass != 1 && elfClass != 2) throw ImageFormatException.corrupt("ELF header", "EI_CLASS", 4, "is %d, not 1 (32-bit) or 2 (64-bit)".formatted(elfClass));
        if (encoding != 1 && encoding != 2) throw ImageFormatException.corrupt("ELF header", "EI_DATA", 5, "is %d, not 1 (little-endian) or 2 (big-endian)".formatted(encoding));
        wide = elfClass == 2;
        r = ident.withOrder(encoding == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int type = r.u16("e_type", 16);
        int machine = r.u16("e_machine", 18);
        long entry = r.word("e_entry", 24, wide);
        long phoff = r.word("e_phoff", wide ? 32 : 28, wide);
        long shoff = r.word("e_shoff", wide ? 40 : 32, wide);
        int at = wide ? 54 : 42; // e_phentsize, then e_phnum, e_shentsize, e_shnum, e_shstrndx
        int phentsize = r.u16("e_phentsize", at);
        int phnum = r.u16("e_phnum", at + 2);
        int shentsize = r.u16("e_shentsize", at + 4);
        int shnum = r.u16("e_shnum", at + 6);
        int shstrndx = r.u16("e_shstrndx", at + 8);
        List<Segment> segments = readSegments(phoff, phentsize, phnum);
        List<Section> sections = readSections(shoff, shentsize, shnum, shstrndx);
        image = new ElfImage(wide ? 64 : 32, encoding == 1 ? "little" : "big", machine,
                MACHINES.getOrDefault(machine, "machine " + machine), TYPES.getOrDefault(type, "type " + type),
                entry, segments, sections);
    }

    /** Parses the headers of an ELF file; the bytes are kept for section and dynamic lookups. */
    public static Elf parse(byte[] data) {
        return new Elf(data);
    }

    public static boolean isElf(byte[] data) {
        return data.length >= 4 && data[0] == 0x7f && data[1] == 'E' && data[2] == 'L' && data[3] == 'F';
    }

    /** The file as a {@link KernelImage} description: class, byte order, machine, segments, sections. */
    public ElfImage image() {
        return image;
    }

    public List<Segment> segments() {
        return image.segments();
    }

    public List<Section> sections() {
        return image.sections();
    }

    public Optional<Section> section(String name) {
        return image.sections().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The contents of the first section called {@code name} (for example {@code .modinfo} of a
     * kernel module), or empty if there is none. A NOBITS section (.bss) has no bytes in the file.
     */
    public Optional<byte[]> sectionBytes(String name) {
        return section(name).map(s -> s.typeCode() == SHT_NOBITS ? new byte[0]
                : r.named("ELF section " + name).bytes("sh_offset + sh_size", s.offset(), s.size()));
    }

    /**
     * The NUL-separated strings of a section, e.g. {@code .modinfo}'s "license=GPL",
     * "depends=virtio,virtio_ring", "alias=virtio:d00000001v*"; empty if there is no such section.
     */
    public List<String> sectionStrings(String name) {
        return sectionBytes(name).map(Elf::nulSeparated).orElse(List.of());
    }

    /** The DT_NEEDED entries of the dynamic section, in file order: the libraries this file needs. */
    public List<String> needed() {
        return dynamicStrings(DT_NEEDED);
    }

    /** The DT_SONAME entry: the name other files use to need this library. */
    public Optional<String> soname() {
        return dynamicStrings(DT_SONAME).stream().findFirst();
    }

    /** Strings in a NUL-separated block, empty strings (padding) left out. */
    public static List<String> nulSeparated(byte[] block) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= block.length; i++) {
            if (i == block.length || block[i] == 0) {
                if (i > start) out.add(new String(block, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }

    private List<Segment> readSegments(long phoff, int entrySize, int count) {
        if (count == 0) return List.of();
        int minimum = wide ? 56 : 32;
        if (entrySize < minimum) throw ImageFormatException.corrupt("ELF header", "e_phentsize", wide ? 54 : 42, "is %d, less than %d".formatted(entrySize, minimum));
        ByteReader p = r.named("ELF program header table");
        p.require("e_phoff + e_phnum * e_phentsize", phoff, (long) count * entrySize);
        List<Segment> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = phoff + (long) i * entrySize;
            long type = p.u32("p_type", at);
            long flags = p.u32("p_flags", at + (wide ? 4 : 24));
            long offset = p.word("p_offset", at + (wide ? 8 : 4), wide);
            long vaddr = p.word("p_vaddr", at + (wide ? 16 : 8), wide);
            long paddr = p.word("p_paddr", at + (wide ? 24 : 12), wide);
            long filesz = p.word("p_filesz", at + (wide ? 32 : 16), wide);
            long memsz = p.word("p_memsz", at + (wide ? 40 : 20), wide);
            long align = p.word("p_align", at + (wide ? 48 : 28), wide);
            // the bytes of a segment must be in the file (values are unsigned: 2^63 and up come back negative)
            if (filesz != 0 && (Long.compareUnsigned(offset, data.length) > 0
                    || Long.compareUnsigned(filesz, data.length - offset) > 0)) {
                throw ImageFormatException.corrupt("ELF program header table", "p_offset", at + (wide ? 8 : 4),
                        "and p_filesz of segment %d put it at 0x%x + 0x%x, past the end of the %d-byte file"
                                .formatted(i, offset, filesz, data.length));
            }
            out.add(new Segment(SEGMENT_TYPES.getOrDefault(type, "0x%x".formatted(type)), type,
                    ((flags & 4) != 0 ? "R" : "") + ((flags & 2) != 0 ? "W" : "") + ((flags & 1) != 0 ? "X" : ""),
                    offset, vaddr, paddr, filesz, memsz, align));
        }
        return List.copyOf(out);
    }

    private List<Section> readSections(long shoff, int entrySize, int count, int shstrndx) {
        if (shoff == 0) return List.of();
        int minimum = wide ? 64 : 40;
        ByteReader s = r.named("ELF section header table");
        if (entrySize < minimum) throw ImageFormatException.corrupt("ELF header", "e_shentsize", wide ? 58 : 46, "is %d, less than %d".formatted(entrySize, minimum));
        if (count == 0) {
            // More than 0xff00 sections: the count is in section 0's sh_size.
            long real = s.word("sh_size", shoff + (wide ? 32 : 20), wide);
            if (real < 0 || real > data.length / entrySize) throw ImageFormatException.corrupt("ELF section header table", "sh_size", shoff + (wide ? 32 : 20), "claims %d sections, more than the file can hold".formatted(real));
            count = (int) real;
        }
        s.require("e_shoff + e_shnum * e_shentsize", shoff, (long) count * entrySize);
        if (shstrndx == 0xffff) shstrndx = (int) s.u32("sh_link", shoff + (wide ? 40 : 24));
        long[][] raw = new long[count][];
        for (int i = 0; i < count; i++) {
            long at = shoff + (long) i * entrySize;
            raw[i] = new long[] {
                s.u32("sh_name", at), s.u32("sh_type", at + 4), s.word("sh_flags", at + 8, wide),
                s.word("sh_addr", at + (wide ? 16 : 12), wide), s.word("sh_offset", at + (wide ? 24 : 16), wide),
                s.word("sh_size", at + (wide ? 32 : 20), wide), s.u32("sh_link", at + (wide ? 40 : 24)),
                s.u32("sh_info", at + (wide ? 44 : 28)), s.word("sh_entsize", at + (wide ? 56 : 36), wide)
            };
        }
        long namesOffset = -1, namesSize = 0;
        if (shstrndx > 0 && shstrndx < count) {
            namesOffset = raw[shstrndx][4];
            namesSize = raw[shstrndx][5];
            s.named("ELF section name table").require("sh_offset + sh_size of e_shstrndx", namesOffset, namesSize);
        }
        List<Section> out = new ArrayList<>(count);
        for (long[] h : raw) {
            String name = namesOffset < 0 || h[0] >= namesSize ? ""
                    : r.named("ELF section name table").cString("sh_name", namesOffset + h[0], namesOffset + namesSize);
            out.add(new Section(name, SECTION_TYPES.getOrDefault(h[1], "0x%x".formatted(h[1])), h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8]));
        }
        return List.copyOf(out);
    }

    /**
     * The strings of all dynamic entries with tag {@code tag}. The dynamic table is found through
     * PT_DYNAMIC (section headers may be stripped) or else the SHT_DYNAMIC section; its string
     * table through DT_STRTAB, an address mapped back to a file offset through the PT_LOAD segments.
     */
    private List<String> dynamicStrings(long tag) {
        long tableOffset;
        long tableSize;
        Optional<Segment> dynamicSegment = segments().stream().filter(s -> s.typeCode() == PT_DYNAMIC).findFirst();
        Optional<Section> dynamicSection = sections().stream().filter(s -> s.typeCode() == SHT_DYNAMIC).findFirst();
        if (dynamicSegment.isPresent()) {
            tableOffset = dynamicSegment.get().offset();
            tableSize = dynamicSegment.get().fileSize();
        } else if (dynamicSection.isPresent()) {
            tableOffset = dynamicSection.get().offset();
            tableSize = dynamicSection.get().size();
        } else {
            return List.of();
        }
        ByteReader d = r.named("ELF dynamic section");
        d.require("p_offset + p_filesz of PT_DYNAMIC", tableOffset, tableSize);
        int entrySize = wide ? 16 : 8;
        List<Long> values = new ArrayList<>();
        long strtab = -1, strsz = -1;
        for (long at = tableOffset; at + entrySize <= tableOffset + tableSize; at += entrySize) {
            long t = d.word("d_tag", at, wide);
            long v = d.word("d_val", at + entrySize / 2, wide);
            if (t == DT_NULL) break;
            if (t == tag) values.add(v);
            if (t == DT_STRTAB) strtab = v;
            if (t == DT_STRSZ) strsz = v;
        }
        if (values.isEmpty()) return List.of();
        if (strtab < 0 || strsz < 0) throw ImageFormatException.corrupt("ELF dynamic section", "DT_STRTAB", tableOffset, "is missing although the table names strings");
        long address = strtab;
        long strOffset = fileOffset(address).orElseThrow(() -> ImageFormatException.corrupt("ELF dynamic section", "DT_STRTAB",
                tableOffset, "address 0x%x lies in no PT_LOAD segment".formatted(address)));
        ByteReader strings = r.named("ELF dynamic string table");
        strings.require("DT_STRSZ", strOffset, strsz);
        List<String> out = new ArrayList<>();
        for (long v : values) {
            if (v < 0 || v >= strsz) throw ImageFormatException.corrupt("ELF dynamic section", "d_val", tableOffset, "string offset %d is outside DT_STRSZ %d".formatted(v, strsz));
            out.add(strings.cString("d_val", strOffset + v, strOffset + strsz));
        }
        return List.copyOf(out);
    }

    /** The file offset of a virtual address, through the PT_LOAD segment that maps it. */
    private Optional<Long> fileOffset(long address) {
        for (Segment s : segments()) {
            if (s.typeCode() == PT_LOAD && Long.compareUnsigned(address, s.vaddr()) >= 0
                    && Long.compareUnsigned(address - s.vaddr(), s.fileSize()) < 0) {
                return Optional.of(s.offset() + (address - s.vaddr()));
            }
        }
        return segments().isEmpty() ? Optional.of(address) : Optional.empty(); // unlinked files: addresses are offsets
    }
}
