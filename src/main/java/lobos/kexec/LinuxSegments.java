package lobos.kexec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import lobos.image.BzImage;
import lobos.image.Elf;
import lobos.linux.SegmentData;

/**
 * Lays out a Linux kernel for kexec_load and its 64-bit boot protocol entry: a bzImage's
 * protected-mode code at an aligned address (its own decompressor then runs, entered at
 * offset 0x200), or an ELF vmlinux's PT_LOAD segments at their physical addresses (entered
 * at e_entry, which the kernel's linker script makes physical), as kexec-tools does. Beside
 * them: one page of entry code (and its stack), the zero page and the command line, and the
 * initrd as high as the kernel allows.
 */
final class LinuxSegments {
    static final long MiB = 1 << 20, FOUR_GIB = 1L << 32;
    /** Nothing goes below 1 MiB: the BIOS data, the EBDA and the real-mode world live there. */
    static final long LOW_LIMIT = MiB;
    /**
     * In the setup piece: the entry code's page (its stack at the top), the entry code's page
     * tables, the zero page, the command line.
     */
    static final int TABLES_OFFSET = 0x1000, ZERO_PAGE_OFFSET = TABLES_OFFSET + EntryCode.TABLE_BYTES,
            CMDLINE_OFFSET = ZERO_PAGE_OFFSET + ZeroPage.SIZE;
    /** The 64-bit entry of a bzImage's protected-mode code (boot.rst, "64-bit boot protocol"). */
    static final long BZIMAGE_ENTRY64 = 0x200;
    static final long DEFAULT_KERNEL_ALIGNMENT = 2 * MiB;

    private LinuxSegments() {}

    /**
     * What the caller adds: the ACPI RSDP for the zero page (0: none), and the loader's log as
     * ramoops records in reserved memory (empty: none).
     */
    record Extras(long acpiRsdp, List<Placement.Chunk> log) {
        static final Extras NONE = new Extras(0, List.of());

        Extras {
            log = List.copyOf(log);
        }

        void place(Placement p) {
            if (!log.isEmpty()) p.reserved("loader log (pstore)", log);
        }
    }

    static KexecImage bzImage(byte[] file, BzImage image, SegmentData initrd, String cmdline, SystemMemory memory,
            Extras extras) {
        Placement p = new Placement(memory.iomem().usableRam());
        extras.place(p);
        var h = image.header();
        byte[] kernel = java.util.Arrays.copyOfRange(file, (int) image.setupSize(), file.length);
        long memorySize = Math.max(kernel.length, h.initSize());
        long align = h.relocatableKernel() && h.kernelAlignment() != 0 ? h.kernelAlignment() : DEFAULT_KERNEL_ALIGNMENT;
        long preferred = h.prefAddress() != 0 ? h.prefAddress() : h.code32Start();
        long kernelAt;
        if (!h.relocatableKernel()) {
            p.fixed("kernel", List.of(new Placement.Chunk(preferred, kernel, memorySize)));
            kernelAt = preferred;
        } else {
            kernelAt = placeFrom(p, "kernel", kernel, memorySize, align, preferred);
        }
        long initrdMax = Math.min(h.initrdAddrMax() + 1, FOUR_GIB);
        ZeroPage zero = ZeroPage.fromBzImage(file);
        return finish(p, zero, kernelAt + BZIMAGE_ENTRY64, initrd, initrdMax, cmdline, memory, extras);
    }

    static KexecImage vmlinux(Elf elf, byte[] file, SegmentData initrd, String cmdline, SystemMemory memory,
            Extras extras) {
        Placement p = new Placement(memory.iomem().usableRam());
        extras.place(p);
        p.fixed("kernel", loadSegments(elf, file));
        long entry = physicalEntry(elf);
        return finish(p, ZeroPage.synthetic(), entry, initrd, FOUR_GIB, cmdline, memory, extras);
    }

    /** An ELF file's PT_LOAD segments as chunks at their physical addresses (p_paddr). */
    static List<Placement.Chunk> loadSegments(Elf elf, byte[] file) {
        List<Placement.Chunk> chunks = new ArrayList<>();
        for (Elf.Segment s : elf.segments()) {
            if (s.typeCode() != Elf.PT_LOAD || s.memorySize() == 0) continue;
            if (Long.compareUnsigned(s.fileSize(), s.memorySize()) > 0) {
                throw new KexecException("an ELF PT_LOAD segment at 0x%x has p_filesz %d above p_memsz %d"
                        .formatted(s.paddr(), s.fileSize(), s.memorySize()), "the file is damaged");
            }
            if (s.offset() < 0 || s.fileSize() < 0 || s.offset() > file.length || s.fileSize() > file.length - s.offset()) {
                throw new KexecException("an ELF PT_LOAD segment at file offset 0x%x (%d bytes) runs past the end of the %d-byte file"
                        .formatted(s.offset(), s.fileSize(), file.length), "the file is truncated: copy it again");
            }
            byte[] data = java.util.Arrays.copyOfRange(file, (int) s.offset(), (int) (s.offset() + s.fileSize()));
            chunks.add(new Placement.Chunk(s.paddr(), data, s.memorySize()));
        }
        if (chunks.isEmpty()) throw new KexecException("the ELF file has no PT_LOAD segment", "it is not a kernel");
        return chunks;
    }

    /** e_entry as a physical address: as it is if a segment holds it physically, else through the segment mapping it. */
    static long physicalEntry(Elf elf) {
        long entry = elf.image().entry();
        for (Elf.Segment s : elf.segments()) {
            if (s.typeCode() == Elf.PT_LOAD && Long.compareUnsigned(entry - s.paddr(), s.memorySize()) < 0) return entry;
        }
        for (Elf.Segment s : elf.segments()) {
            if (s.typeCode() == Elf.PT_LOAD && Long.compareUnsigned(entry - s.vaddr(), s.memorySize()) < 0) {
                return s.paddr() + (entry - s.vaddr());
            }
        }
        throw new KexecException("the ELF entry point 0x%x lies in no PT_LOAD segment".formatted(entry),
                "the file is damaged or not a kernel");
    }

    /** The lowest aligned address at or above {@code preferred}, else anywhere aligned above 1 MiB. */
    static long placeFrom(Placement p, String what, byte[] data, long memorySize, long align, long preferred) {
        try {
            return p.place(what, data, memorySize, align, Math.max(preferred, LOW_LIMIT), FOUR_GIB, false);
        } catch (KexecException e) {
            return p.place(what, data, memorySize, align, LOW_LIMIT, FOUR_GIB, false);
        }
    }

    private static KexecImage finish(Placement p, ZeroPage zero, long kernelEntry, SegmentData initrd,
            long initrdMax, String cmdline, SystemMemory memory, Extras extras) {
        if (initrd.size() > 0) {
            long at = p.place("initrd", initrd, initrd.size(), Placement.PAGE, LOW_LIMIT, initrdMax, true);
            zero.ramdisk(at, initrd.size());
        }
        byte[] line = (cmdline + "\0").getBytes(StandardCharsets.UTF_8);
        int size = CMDLINE_OFFSET + line.length;
        // placed first, filled in place once its address is known
        byte[] setup = new byte[size];
        long base = p.place("entry code, page tables, zero page and command line", setup, size, Placement.PAGE,
                LOW_LIMIT, FOUR_GIB, false);
        zero.loader().commandLine(base + CMDLINE_OFFSET).e820(ZeroPage.e820(memory.firmware()));
        if (extras.acpiRsdp() != 0) zero.acpiRsdp(extras.acpiRsdp());
        byte[] code = EntryCode.linux64(base, base + TABLES_OFFSET, base + ZERO_PAGE_OFFSET, kernelEntry,
                base + TABLES_OFFSET);
        System.arraycopy(code, 0, setup, 0, code.length);
        System.arraycopy(EntryCode.identityTables(base + TABLES_OFFSET), 0, setup, TABLES_OFFSET, EntryCode.TABLE_BYTES);
        System.arraycopy(zero.bytes(), 0, setup, ZERO_PAGE_OFFSET, ZeroPage.SIZE);
        System.arraycopy(line, 0, setup, CMDLINE_OFFSET, line.length);
        return KexecImage.of(base, p);
    }
}
