package lobos.kexec;

import java.nio.charset.StandardCharsets;

/**
 * lobos's own entry code: the job kexec-tools' purgatory does, as a few dozen instructions
 * generated here. The running kernel's relocate_kernel copies the segments into place and
 * jumps to the entry in 64-bit mode, on its own identity-mapped page tables, interrupts off,
 * with a GDT that is no longer mapped. The code first loads a GDT of its own, then either:
 * <ul>
 * <li>{@link #linux64}: enters a kernel through the x86 64-bit boot protocol
 *     (Documentation/arch/x86/boot.rst): CS = __BOOT_CS (0x10), DS = ES = SS = __BOOT_DS
 *     (0x18), both flat, %rsi = the zero page, on 4-level identity page tables of its own;</li>
 * <li>{@link #multiboot}: leaves long mode for 32-bit protected mode without paging (code in a
 *     32-bit segment, CR0.PG off, EFER.LME off), and enters the kernel with EAX = the
 *     Multiboot magic and EBX = the boot information's address, as both Multiboot
 *     specifications require. If that kernel ever returns, the code reports it on COM1 and
 *     resets the machine: the old kernel is gone (Debian builds no CONFIG_KEXEC_JUMP), so the
 *     way back to lobos is through the firmware.</li>
 * </ul>
 * Everything sits in one page: the code, the GDT and its pointer. The caller places that page
 * below 4 GiB (the 32-bit path must run there) and gives a stack of its own.
 */
final class EntryCode {
    /** The code and its tables fit in this many bytes; the rest of its page is free. */
    static final int MAX_BYTES = 512;

    /** Selectors in our GDT. 0x10 and 0x18 are the ones Linux's 64-bit boot protocol names. */
    static final int CODE32 = 0x08, CODE64 = 0x10, DATA = 0x18;

    /**
     * Flat 4 GiB descriptors: base 0, limit 0xfffff in 4 KiB units, present, ring 0.
     * Access 0x9a = code, execute/read; 0x92 = data, read/write. Flags 0xc = 4 KiB
     * granularity + 32-bit (D); 0xa = 4 KiB granularity + 64-bit (L).
     */
    static final long NULL_DESCRIPTOR = 0, CODE32_DESCRIPTOR = 0x00cf9a000000ffffL,
            CODE64_DESCRIPTOR = 0x00af9a000000ffffL, DATA_DESCRIPTOR = 0x00cf92000000ffffL;

    static final String RETURNED = "lobos: the kernel returned from its entry point; resetting the machine\r\n";

    private EntryCode() {}

    /** Bytes of the identity-mapping page tables {@link #identityTables} makes: PML4, PDPT, four PDs. */
    static final int TABLE_BYTES = 6 * 4096;

    /**
     * Entry into a 64-bit kernel at {@code kernelEntry} with %rsi = {@code bootParams}, on page
     * tables of our own at {@code tables} ({@link #identityTables}): 4-level paging, the first
     * 4 GiB identity-mapped with 2 MiB pages. The old kernel may run with 5-level paging
     * (CR4.LA57), which a Linux kernel copes with but other 64-bit payloads (memtest86+) do
     * not, and LA57 can only change outside long mode: so the code drops to 32-bit protected
     * mode, switches to our tables, and comes back to long mode.
     */
    static byte[] linux64(long base, long stackTop, long bootParams, long kernelEntry, long tables) {
        for (long a : new long[] {base, tables}) {
            if (a >>> 32 != 0) throw new IllegalArgumentException("0x%x is above 4 GiB".formatted(a));
        }
        X86Code c = new X86Code(base);
        leaveLongMode(c);
        c.bytes(0x0f, 0x20, 0xe0);                  // mov eax, cr4
        c.bytes(0x25).imm32(0xfffdef7fL);           // and eax, ~(PGE | LA57 | PCIDE)
        c.bytes(0x83, 0xc8, 0x20);                  // or eax, CR4.PAE
        c.bytes(0x0f, 0x22, 0xe0);                  // mov cr4, eax
        c.bytes(0xb8).imm32(tables);                // mov eax, tables  (our PML4)
        c.bytes(0x0f, 0x22, 0xd8);                  // mov cr3, eax
        c.bytes(0x0f, 0x20, 0xc0);                  // mov eax, cr0
        c.bytes(0x0d).imm32(0x80000000L);           // or eax, CR0.PG
        c.bytes(0x0f, 0x22, 0xc0);                  // mov cr0, eax     (PAE + LME + PG: long mode, 4-level)
        c.bytes(0x6a, CODE64);                      // push CODE64
        c.bytes(0x68).abs32("long64");              // push long64
        c.bytes(0xcb);                              // retf             (CS = CODE64: 64-bit mode)
        c.label("long64");
        flatData(c);
        c.bytes(0x48, 0xbc).imm64(stackTop);        // mov rsp, stackTop
        c.bytes(0x48, 0xbe).imm64(bootParams);      // mov rsi, bootParams   (the zero page)
        c.bytes(0x31, 0xed);                        // xor ebp, ebp
        c.bytes(0x31, 0xff);                        // xor edi, edi
        c.bytes(0x31, 0xdb);                        // xor ebx, ebx
        c.bytes(0x48, 0xb8).imm64(kernelEntry);     // mov rax, kernelEntry
        c.bytes(0xff, 0xe0);                        // jmp rax
        tables(c);
        return check(c.assemble());
    }

    /**
     * Page tables at {@code address} (4 KiB-aligned, below 4 GiB) that identity-map the first
     * 4 GiB: a PML4 whose entry 0 points to a PDPT, whose four entries point to four page
     * directories of 512 2 MiB pages each. Entries: present | writable (0x3); pages also PS (0x80).
     */
    static byte[] identityTables(long address) {
        if ((address & 0xfff) != 0 || address >>> 32 != 0) {
            throw new IllegalArgumentException("page tables at 0x%x".formatted(address));
        }
        java.nio.ByteBuffer t = java.nio.ByteBuffer.allocate(TABLE_BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        t.putLong(0, address + 0x1000 | 0x3);                       // PML4[0] -> PDPT
        for (int i = 0; i < 4; i++) {
            t.putLong(0x1000 + 8 * i, address + 0x2000 + 0x1000L * i | 0x3);    // PDPT[i] -> PD i
            for (int j = 0; j < 512; j++) {
                long page = (long) i << 30 | (long) j << 21;
                t.putLong(0x2000 + 0x1000 * i + 8 * j, page | 0x83); // 2 MiB page
            }
        }
        return t.array();
    }

    /**
     * Entry into a Multiboot kernel at {@code entry} (32-bit protected mode, paging off) with
     * EAX = {@code magic} and EBX = {@code info}. Every address must lie below 4 GiB.
     */
    static byte[] multiboot(long base, long stackTop, long magic, long info, long entry) {
        for (long a : new long[] {base, stackTop, info, entry}) {
            if (a >>> 32 != 0) throw new IllegalArgumentException("0x%x is above 4 GiB".formatted(a));
        }
        X86Code c = new X86Code(base);
        leaveLongMode(c);
        c.bytes(0xb9).imm32(0xc0000080L);           // mov ecx, IA32_EFER
        c.bytes(0x0f, 0x32);                        // rdmsr
        c.bytes(0x25).imm32(0xfffffeffL);           // and eax, ~EFER.LME
        c.bytes(0x0f, 0x30);                        // wrmsr
        c.bytes(0x0f, 0x20, 0xe0);                  // mov eax, cr4
        c.bytes(0x25).imm32(0xfffdef5fL);           // and eax, ~(PAE | PGE | LA57 | PCIDE)
        c.bytes(0x0f, 0x22, 0xe0);                  // mov cr4, eax
        flatData(c);
        c.bytes(0xbc).imm32(stackTop);              // mov esp, stackTop
        c.bytes(0x68).abs32("returned");            // push returned    (where a kernel's ret lands)
        c.bytes(0xb9).imm32(entry);                 // mov ecx, entry
        c.bytes(0xb8).imm32(magic);                 // mov eax, magic
        c.bytes(0xbb).imm32(info);                  // mov ebx, info
        c.bytes(0xff, 0xe1);                        // jmp ecx
        // The kernel came back: say so on COM1 (waiting for the transmitter each time), then reset.
        c.label("returned");
        c.bytes(0xfa);                              // cli
        c.bytes(0xbe).abs32("message");             // mov esi, message
        c.label("next");
        c.bytes(0xac);                              // lodsb
        c.bytes(0x84, 0xc0);                        // test al, al
        c.bytes(0x74).rel8("reset");                // jz reset
        c.bytes(0x88, 0xc1);                        // mov cl, al
        c.bytes(0x66, 0xba).imm16(0x3fd);           // mov dx, 0x3fd    (COM1 line status)
        c.label("wait");
        c.bytes(0xec);                              // in al, dx
        c.bytes(0xa8, 0x20);                        // test al, 0x20    (transmitter holding register empty)
        c.bytes(0x74).rel8("wait");                 // jz wait
        c.bytes(0x66, 0xba).imm16(0x3f8);           // mov dx, 0x3f8    (COM1 data)
        c.bytes(0x88, 0xc8);                        // mov al, cl
        c.bytes(0xee);                              // out dx, al
        c.bytes(0xeb).rel8("next");                 // jmp next
        c.label("reset");
        c.bytes(0xb0, 0xfe);                        // mov al, 0xfe     (pulse the reset line)
        c.bytes(0xe6, 0x64);                        // out 0x64, al     (through the keyboard controller)
        c.label("halt");
        c.bytes(0xf4);                              // hlt
        c.bytes(0xeb).rel8("halt");                 // jmp halt
        c.label("message");
        for (byte b : RETURNED.getBytes(StandardCharsets.US_ASCII)) c.bytes(b);
        c.bytes(0);
        tables(c);
        return check(c.assemble());
    }

    /**
     * Loads our GDT, far-returns into its 32-bit code segment (compatibility mode, still long
     * mode) and turns paging off, which ends long mode (EFER.LME stays set): 32-bit protected
     * mode without paging, at label "legacy". Both entries start so.
     */
    private static void leaveLongMode(X86Code c) {
        c.bytes(0xfa);                              // cli
        c.bytes(0x0f, 0x01, 0x15).rel32("gdtr");    // lgdt [rip + gdtr]
        c.bytes(0x48, 0x8d, 0x05).rel32("code32");  // lea rax, [rip + code32]
        c.bytes(0x6a, CODE32);                      // push CODE32
        c.bytes(0x50);                              // push rax
        c.bytes(0x48, 0xcb);                        // retfq            (far return: pops RIP, then CS)
        // From here on the CPU decodes 32-bit code.
        c.label("code32");
        c.bytes(0x0f, 0x20, 0xc0);                  // mov eax, cr0
        c.bytes(0x25).imm32(0x7fffffffL);           // and eax, ~CR0.PG
        c.bytes(0x0f, 0x22, 0xc0);                  // mov cr0, eax     (paging off: long mode ends)
        c.bytes(0xeb).rel8("legacy");               // jmp legacy       (a branch right after, as the SDM asks)
        c.label("legacy");
    }

    /** Loads the flat data selector into every data segment register (the same bytes in 32- and 64-bit mode). */
    private static void flatData(X86Code c) {
        c.bytes(0xb8).imm32(DATA);                  // mov eax, DATA
        c.bytes(0x8e, 0xd8);                        // mov ds, eax
        c.bytes(0x8e, 0xc0);                        // mov es, eax
        c.bytes(0x8e, 0xd0);                        // mov ss, eax
        c.bytes(0x8e, 0xe0);                        // mov fs, eax
        c.bytes(0x8e, 0xe8);                        // mov gs, eax
    }

    /** The GDT (null, code32, code64, data) and the 10-byte pointer lgdt reads. */
    private static void tables(X86Code c) {
        c.align(16).label("gdt");
        c.imm64(NULL_DESCRIPTOR).imm64(CODE32_DESCRIPTOR).imm64(CODE64_DESCRIPTOR).imm64(DATA_DESCRIPTOR);
        c.label("gdtr");
        c.imm16(4 * 8 - 1).abs64("gdt");            // limit, base
    }

    private static byte[] check(byte[] code) {
        if (code.length > MAX_BYTES) throw new IllegalStateException("entry code is " + code.length + " bytes");
        return code;
    }
}
