package lobos.image;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads PE/COFF executables as UEFI runs them: the MS-DOS stub's pointer at 0x3c to the
 * "PE\0\0" signature, the COFF header, the optional header (PE32 or PE32+) and the section
 * table. Linux's EFI stub, EFI zboot images and unified kernel images are all PE files.
 */
public final class Pe {
    private static final Map<Integer, String> MACHINES = Map.ofEntries(
            Map.entry(0x14c, "i386"), Map.entry(0x8664, "x86-64"), Map.entry(0xaa64, "arm64"),
            Map.entry(0x1c0, "arm"), Map.entry(0x1c2, "thumb"), Map.entry(0x1c4, "armv7"),
            Map.entry(0x200, "ia64"), Map.entry(0xebc, "efi-byte-code"), Map.entry(0x5032, "riscv32"),
            Map.entry(0x5064, "riscv64"), Map.entry(0x5128, "riscv128"), Map.entry(0x6232, "loongarch32"),
            Map.entry(0x6264, "loongarch64"));
    private static final Map<Integer, String> SUBSYSTEMS = Map.of(
            1, "native", 2, "windows-gui", 3, "windows-console", 10, "efi-application",
            11, "efi-boot-service-driver", 12, "efi-runtime-driver", 13, "efi-rom", 16, "windows-boot-application");

    /**
     * A section table entry. {@code size} is what the section holds: the virtual size, cut to
     * the raw size in the file (raw data are padded to the file alignment).
     */
    public record Section(String name, long virtualAddress, long virtualSize, long rawOffset, long rawSize,
                          long characteristics) {
        public long size() {
            return virtualSize == 0 ? rawSize : Math.min(virtualSize, rawSize);
        }
    }

    private final ByteReader r;
    private final PeHeader header;

    private Pe(byte[] data) {
        ByteReader dos = new ByteReader(data, "PE header", ByteOrder.LITTLE_ENDIAN);
        if (dos.u16("e_magic", 0) != 0x5a4d) throw ImageFormatException.corrupt("PE header", "e_magic", 0, "is not \"MZ\"");
        long pe = dos.u32("e_lfanew", 0x3c);
        if (dos.u32("PE signature", pe) != 0x4550) {
            throw ImageFormatException.corrupt("PE header", "e_lfanew", 0x3c, "points to 0x%x, where there is no \"PE\\0\\0\"".formatted(pe));
        }
        r = dos;
        int machine = r.u16("Machine", pe + 4);
        int sectionCount = r.u16("NumberOfSections", pe + 6);
        long symbolTable = r.u32("PointerToSymbolTable", pe + 12);
        long symbolCount = r.u32("NumberOfSymbols", pe + 16);
        int optionalSize = r.u16("SizeOfOptionalHeader", pe + 20);
        long opt = pe + 24;
        int magic = r.u16("Magic", opt);
        if (magic != 0x10b && magic != 0x20b) {
            throw ImageFormatException.corrupt("PE optional header", "Magic", opt, "is 0x%x, not 0x10b (PE32) or 0x20b (PE32+)".formatted(magic));
        }
        boolean plus = magic == 0x20b;
        long entry = r.u32("AddressOfEntryPoint", opt + 16);
        long imageBase = plus ? r.u64("ImageBase", opt + 24) : r.u32("ImageBase", opt + 28);
        int majorImageVersion = r.u16("MajorImageVersion", opt + 44);
        int minorImageVersion = r.u16("MinorImageVersion", opt + 46);
        long sizeOfImage = r.u32("SizeOfImage", opt + 56);
        int subsystem = r.u16("Subsystem", opt + 68);
        long table = opt + optionalSize;
        r.named("PE section table").require("NumberOfSections * 40", table, sectionCount * 40L);
        List<Section> sections = new ArrayList<>(sectionCount);
        for (int i = 0; i < sectionCount; i++) {
            long at = table + i * 40L;
            String name = sectionName(r.fixedString("Name", at, 8), symbolTable, symbolCount, at);
            Section s = new Section(name, r.u32("VirtualAddress", at + 12), r.u32("VirtualSize", at + 8),
                    r.u32("PointerToRawData", at + 20), r.u32("SizeOfRawData", at + 16), r.u32("Characteristics", at + 36));
            if (s.rawSize() > 0) {
                r.named("PE section " + name).require("PointerToRawData + SizeOfRawData", s.rawOffset(), s.rawSize());
            }
            sections.add(s);
        }
        header = new PeHeader(machine, MACHINES.getOrDefault(machine, "0x%x".formatted(machine)), plus ? "PE32+" : "PE32",
                subsystem, SUBSYSTEMS.getOrDefault(subsystem, "subsystem " + subsystem), entry, imageBase, sizeOfImage,
                majorImageVersion + "." + minorImageVersion, List.copyOf(sections));
    }

    public static Pe parse(byte[] data) {
        return new Pe(data);
    }

    /** Whether the data start with "MZ" and 0x3c points at a "PE\0\0" signature. */
    public static boolean isPe(byte[] data) {
        ByteReader r = new ByteReader(data, "PE header", ByteOrder.LITTLE_ENDIAN);
        if (!r.fits(0, 0x40) || r.u16("e_magic", 0) != 0x5a4d) return false;
        long pe = r.u32("e_lfanew", 0x3c);
        return r.fits(pe, 4) && r.u32("PE signature", pe) == 0x4550;
    }

    public PeHeader header() {
        return header;
    }

    public Optional<Section> section(String name) {
        return header.sections().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The bytes of the first section called {@code name}, or empty if there is none. */
    public Optional<byte[]> sectionBytes(String name) {
        return section(name).map(s -> r.named("PE section " + name).bytes("PointerToRawData", s.rawOffset(), s.size()));
    }

    /** A section's text (.cmdline, .uname, .osrel): UTF-8, trailing NULs and newlines removed. */
    public Optional<String> sectionText(String name) {
        return sectionBytes(name).map(b -> new String(b, StandardCharsets.UTF_8).replaceAll("[\\x00\\s]+$", ""));
    }

    /** Names longer than 8 bytes are "/n": offset n into the COFF string table after the symbols. */
    private String sectionName(String raw, long symbolTable, long symbolCount, long at) {
        if (!raw.startsWith("/") || symbolTable == 0 || !raw.substring(1).matches("[0-9]{1,7}")) return raw;
        long strings = symbolTable + symbolCount * 18;
        long offset = Long.parseLong(raw.substring(1));
        ByteReader t = r.named("COFF string table");
        return t.fits(strings + offset, 1) ? t.cString("Name", strings + offset, strings + offset + 256) : raw;
    }
}
