package lobos.kexec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lobos.image.Elf;
import lobos.image.Multiboot;
import lobos.image.MultibootImage;
import lobos.linux.SegmentData;

/**
 * Lays out a Multiboot (v1) or Multiboot2 kernel, its modules and its boot information for
 * kexec_load: the kernel where its header's address fields or its ELF program headers put
 * it, each module on its own pages above the kernel, then one piece holding the entry code
 * (which leaves long mode), its stack and the boot information. Everything lies below 4 GiB,
 * where a 32-bit kernel can reach it.
 */
final class MultibootSegments {
    static final long FOUR_GIB = 1L << 32, MiB = 1 << 20;
    /** In the last piece: the entry code's page (its stack at the top), then the boot information. */
    static final int INFO_OFFSET = 0x1000;

    private MultibootSegments() {}

    /** A module's bytes (its file) and its command line. */
    record ModuleData(SegmentData data, String cmdline) {}

    /** The kernel's pieces at their addresses, and where it is entered. */
    record Kernel(List<Placement.Chunk> chunks, long entry) {}

    static KexecImage layout(boolean two, byte[] file, MultibootImage image, String cmdline, List<ModuleData> modules,
            SystemMemory memory) {
        Kernel kernel = two ? kernel2(file, image) : kernel1(file, image);
        Placement p = new Placement(memory.iomem().usableRam());
        p.fixed("kernel", kernel.chunks());
        long above = Math.max(MiB, kernel.chunks().stream().mapToLong(Placement.Chunk::end).max().orElse(0));
        List<MultibootInfo.Module> placed = new ArrayList<>();
        for (int i = 0; i < modules.size(); i++) {
            ModuleData m = modules.get(i);
            // A module keeps at least one page, so that an empty one still has an address of its own.
            long at = p.place("module " + (i + 1), m.data(), Math.max(1, m.data().size()), Placement.PAGE, above,
                    FOUR_GIB, false);
            placed.add(new MultibootInfo.Module(at, at + m.data().size(), m.cmdline()));
        }
        List<MultibootInfo.MapEntry> map = MultibootInfo.memoryMap(memory.firmware());
        // The v1 information's size does not depend on where it goes: measure it at 0, build it in place.
        int infoSize = two ? MultibootInfo.v2(cmdline, placed, map).length
                : MultibootInfo.v1(0, cmdline, placed, map).length;
        byte[] piece = new byte[INFO_OFFSET + infoSize];
        long base = p.place("entry code and boot information", piece, piece.length, Placement.PAGE, above, FOUR_GIB,
                false);
        long info = base + INFO_OFFSET;
        byte[] infoBytes = two ? MultibootInfo.v2(cmdline, placed, map) : MultibootInfo.v1(info, cmdline, placed, map);
        byte[] code = EntryCode.multiboot(base, base + INFO_OFFSET, two ? MultibootInfo.MAGIC2 : MultibootInfo.MAGIC1,
                info, kernel.entry());
        System.arraycopy(code, 0, piece, 0, code.length);
        System.arraycopy(infoBytes, 0, piece, INFO_OFFSET, infoBytes.length);
        return KexecImage.of(base, p);
    }

    /** A v1 kernel: by the header's address fields when flag 16 says so, else by its ELF program headers. */
    static Kernel kernel1(byte[] file, MultibootImage image) {
        Multiboot.Header1 h = image.multiboot1().orElseThrow();
        if (h.flagBits().contains(Multiboot.Flag.ADDRESS_FIELDS)) {
            return byAddresses(file, h.offset(), h.headerAddr(), h.loadAddr(), h.loadEndAddr(), h.bssEndAddr(),
                    h.entryAddr(), "Multiboot header");
        }
        return byElf(file);
    }

    /** A v2 kernel: by its address and entry address tags, else by its ELF program headers. */
    static Kernel kernel2(byte[] file, MultibootImage image) {
        Multiboot.Header2 h = image.multiboot2().orElseThrow();
        Optional<Multiboot.Tag> address = tag(h, 2);
        Optional<Multiboot.Tag> entry = tag(h, 3);
        if (address.isPresent()) {
            List<Long> v = address.get().values();
            if (v.size() < 4 || entry.isEmpty() || entry.get().values().isEmpty()) {
                throw new KexecException("the Multiboot2 header has an address tag without all its fields or without an"
                        + " entry address tag", "the kernel's header is damaged");
            }
            long loadAddr = v.get(1) == 0xffffffffL ? v.get(0) - h.offset() : v.get(1);
            return byAddresses(file, h.offset(), v.get(0), loadAddr, v.get(2), v.get(3), entry.get().values().getFirst(),
                    "Multiboot2 address tag");
        }
        Kernel elf = byElf(file);
        return entry.isPresent() && !entry.get().values().isEmpty()
                ? new Kernel(elf.chunks(), entry.get().values().getFirst()) : elf;
    }

    private static Optional<Multiboot.Tag> tag(Multiboot.Header2 h, int type) {
        return h.tags().stream().filter(t -> t.type() == type).findFirst();
    }

    /**
     * The "a.out kludge": the file from the header's offset less (header_addr - load_addr) is
     * loaded at load_addr, up to load_end_addr (0: the end of the file), zeros up to
     * bss_end_addr (0: none).
     */
    static Kernel byAddresses(byte[] file, long headerOffset, long headerAddr, long loadAddr, long loadEndAddr,
            long bssEndAddr, long entry, String where) {
        long start = headerOffset - (headerAddr - loadAddr);
        if (loadAddr > headerAddr || start < 0 || start > file.length) {
            throw new KexecException("the %s puts the kernel's start at file offset %d (header_addr 0x%x, load_addr 0x%x)"
                    .formatted(where, start, headerAddr, loadAddr), "the kernel's header is damaged");
        }
        long size = loadEndAddr == 0 ? file.length - start : loadEndAddr - loadAddr;
        if (size <= 0 || size > file.length - start) {
            throw new KexecException("the %s's load_end_addr 0x%x asks for %d bytes from offset %d of a %d-byte file"
                    .formatted(where, loadEndAddr, size, start, file.length), "the kernel file is truncated or damaged");
        }
        long memory = bssEndAddr == 0 ? size : bssEndAddr - loadAddr;
        if (memory < size) {
            throw new KexecException("the %s's bss_end_addr 0x%x lies before load_end_addr".formatted(where, bssEndAddr),
                    "the kernel's header is damaged");
        }
        if (entry < loadAddr || entry >= loadAddr + memory) {
            throw new KexecException("the %s's entry_addr 0x%x lies outside the kernel at 0x%x-0x%x".formatted(where,
                    entry, loadAddr, loadAddr + memory - 1), "the kernel's header is damaged");
        }
        byte[] data = java.util.Arrays.copyOfRange(file, (int) start, (int) (start + size));
        return new Kernel(List.of(new Placement.Chunk(loadAddr, data, memory)), entry);
    }

    static Kernel byElf(byte[] file) {
        Elf elf = Elf.parse(file);
        if (elf.image().machineCode() != 3 && elf.image().machineCode() != 62) {
            throw new KexecException("the Multiboot kernel is an ELF file for " + elf.image().machine(),
                    "Multiboot kernels run on x86");
        }
        List<Placement.Chunk> chunks = LinuxSegments.loadSegments(elf, file);
        for (Placement.Chunk c : chunks) {
            if (c.end() > FOUR_GIB) {
                throw new KexecException("a segment of the Multiboot kernel ends above 4 GiB (0x%x)".formatted(c.end()),
                        "a 32-bit kernel cannot live there");
            }
        }
        long entry = LinuxSegments.physicalEntry(elf);
        if (entry >= FOUR_GIB) throw new KexecException("the Multiboot kernel's entry 0x%x is above 4 GiB".formatted(entry), null);
        return new Kernel(chunks, entry);
    }

    /** Refuses a v1 header whose required flags (bits 0-15) lobos does not know, as the spec asks. */
    static void check(Multiboot.Header1 h, boolean elf, String what) {
        if (h.unknownRequiredFlags() != 0) {
            throw new KexecException(what + " whose Multiboot header requires features lobos does not know (flags 0x"
                    + Long.toHexString(h.unknownRequiredFlags()) + ")", "the specification says not to boot it");
        }
        if (!elf && !h.flagBits().contains(Multiboot.Flag.ADDRESS_FIELDS)) {
            throw new KexecException(what + " that is neither ELF nor gives load addresses (flag 16)",
                    "a Multiboot kernel must be an ELF file or set the address fields");
        }
    }

    /**
     * Refuses a Multiboot2 header for another architecture, with a required tag lobos does not
     * honour, or with a required information request lobos cannot answer, as the specification
     * asks of a boot loader.
     */
    static void check(Multiboot.Header2 h, String what) {
        if (h.architecture() != 0) {
            throw new KexecException(what + " for " + h.architectureName() + ", not i386", "boot it on its own machine");
        }
        for (Multiboot.Tag t : h.tags()) {
            if (t.optional()) continue;
            if (!HONOURED_V2_TAGS.contains(t.type())) {
                throw new KexecException(what + " that requires the Multiboot2 header tag \"" + t.name()
                        + "\", which lobos does not provide", "the specification says not to boot it");
            }
            if (t.type() == 1) {
                List<Long> missing = t.values().stream().filter(v -> !PROVIDED_V2_INFO.contains(v.intValue())).toList();
                if (!missing.isEmpty()) {
                    throw new KexecException(what + " that requires boot information tags " + missing
                            + " lobos does not provide (it gives " + PROVIDED_V2_INFO + ")",
                            "the specification says not to boot it");
                }
            }
        }
    }

    /**
     * Header tags lobos honours when they are required: end, information request (checked
     * against {@link #PROVIDED_V2_INFO}), address, entry address, console flags (the console is
     * left as it is), module alignment (modules are page-aligned), the EFI entry addresses
     * (lobos does not enter kernels with EFI boot services, where they would apply) and
     * relocatable (the kernel is loaded at its own address, which its range allows).
     */
    static final java.util.Set<Integer> HONOURED_V2_TAGS = java.util.Set.of(0, 1, 2, 3, 4, 6, 8, 9, 10);
    /** Information tags lobos gives: command line, loader name, modules, basic memory, memory map. */
    static final java.util.Set<Integer> PROVIDED_V2_INFO = java.util.Set.of(1, 2, 3, 4, 6);
}
