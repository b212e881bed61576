package lobos.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Kernel images built byte by byte from the format specifications, for tests. Each builder
 * writes the fields the documents define at the offsets they give; nothing here calls the code
 * under test.
 */
public final class Synthetic {
    private Synthetic() {}

    public static final String KERNEL_VERSION = "6.99.0-synthetic (lobos@example.org) #1 SMP PREEMPT_DYNAMIC";
    static final int SETUP_SECTS = 4;
    static final int SETUP_SIZE = (SETUP_SECTS + 1) * 512;
    static final int PAYLOAD_OFFSET = 0x100;
    static final int VERSION_STRING_AT = 0x600;

    /**
     * A bzImage (Documentation/arch/x86/boot.rst, "The Real-Mode Kernel Header"): 4 setup
     * sectors, every header field of protocol 2.15 filled in, the version string at 0x600,
     * the payload at {@link #PAYLOAD_OFFSET} into the protected-mode code followed by the
     * 4-byte uncompressed size the kernel build appends.
     */
    public static byte[] bzImage(int protocol, byte[] payload, int uncompressedSize) {
        int payloadLength = payload.length + 4;
        int kernelSize = (PAYLOAD_OFFSET + payloadLength + 15) & ~15;
        ByteBuffer b = ByteBuffer.allocate(SETUP_SIZE + kernelSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1f1, (byte) SETUP_SECTS);
        b.putShort(0x1f2, (short) 1);                 // root_flags
        b.putInt(0x1f4, kernelSize / 16);             // syssize
        b.putShort(0x1fa, (short) 0xffff);            // vid_mode: normal
        b.putShort(0x1fe, (short) 0xaa55);            // boot_flag
        b.put(0x200, (byte) 0xeb).put(0x201, (byte) 0x6a); // jump
        b.put(0x202, ascii("HdrS"));
        b.putShort(0x206, (short) protocol);
        b.putShort(0x20e, (short) (VERSION_STRING_AT - 0x200)); // kernel_version
        b.put(0x211, (byte) 0x81);                    // loadflags: LOADED_HIGH | CAN_USE_HEAP
        b.putInt(0x214, 0x100000);                    // code32_start
        b.putInt(0x22c, 0x7fffffff);                  // initrd_addr_max
        b.putInt(0x230, 0x200000);                    // kernel_alignment
        b.put(0x234, (byte) 1);                       // relocatable_kernel
        b.put(0x235, (byte) 21);                      // min_alignment
        b.putShort(0x236, (short) 0x1b);              // xloadflags: KERNEL_64 | ABOVE_4G | HANDOVER_64 | EFI_KEXEC
        b.putInt(0x238, 2047);                        // cmdline_size
        b.putInt(0x248, PAYLOAD_OFFSET);              // payload_offset
        b.putInt(0x24c, payloadLength);               // payload_length
        b.putLong(0x258, 0x1000000);                  // pref_address
        b.putInt(0x260, 0x2000000);                   // init_size
        b.putInt(0x264, 0x190);                       // handover_offset
        b.putInt(0x268, 0x1230);                      // kernel_info_offset
        b.put(VERSION_STRING_AT, ascii(KERNEL_VERSION + "\0"));
        b.put(SETUP_SIZE + PAYLOAD_OFFSET, payload);
        b.putInt(SETUP_SIZE + PAYLOAD_OFFSET + payload.length, uncompressedSize);
        return b.array();
    }

    public static byte[] bzImage() {
        byte[] vmlinux = elf64(62, new byte[4096]);
        return bzImage(0x20f, gzip(vmlinux), vmlinux.length);
    }

    /**
     * An arm64 Image header (Documentation/arch/arm64/booting.rst) followed by {@code body}
     * zero bytes; with {@code peOffset} > 0 the image starts "MZ" and res5 points at PE headers.
     */
    public static byte[] arm64Image(long textOffset, long imageSize, long flags, int bodySize) {
        ByteBuffer b = ByteBuffer.allocate(64 + bodySize).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x14000010);    // code0: b stext
        b.putLong(8, textOffset);
        b.putLong(16, imageSize);
        b.putLong(24, flags);
        b.putInt(0x38, 0x644d5241); // "ARM\x64"
        return b.array();
    }

    /** A unified kernel image for x86-64: .cmdline, then .ucode and .initrd when not null, then .linux. */
    public static byte[] uki(byte[] linux, String cmdline, byte[] ucode, byte[] initrd) {
        List<PeSection> sections = new java.util.ArrayList<>();
        sections.add(new PeSection(".cmdline", ascii(cmdline)));
        if (ucode != null) sections.add(new PeSection(".ucode", ucode));
        if (initrd != null) sections.add(new PeSection(".initrd", initrd));
        sections.add(new PeSection(".linux", linux));
        return pe(0x8664, new byte[0], sections);
    }

    /** A section for {@link #pe}. */
    record PeSection(String name, byte[] data) {}

    /**
     * A PE32+ EFI application (Microsoft PE/COFF specification): MS-DOS header with e_lfanew
     * at 0x3c, "PE\0\0", COFF header, optional header with 16 data directories, section table,
     * section data at 0x200-aligned file offsets. {@code head} replaces the first bytes (an arm64
     * Image header, a zboot header), keeping "MZ" and e_lfanew.
     */
    static byte[] pe(int machine, byte[] head, List<PeSection> sections) {
        int peOffset = 0x80;
        int optionalSize = 112 + 16 * 8;
        int table = peOffset + 24 + optionalSize;
        int dataStart = align(table + 40 * sections.size(), 0x200);
        int size = dataStart;
        for (PeSection s : sections) size += align(s.data().length, 0x200);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, head);
        b.put(0, ascii("MZ"));
        b.putInt(0x3c, peOffset);
        b.put(peOffset, ascii("PE\0\0"));
        b.putShort(peOffset + 4, (short) machine);
        b.putShort(peOffset + 6, (short) sections.size());
        b.putShort(peOffset + 20, (short) optionalSize);
        b.putShort(peOffset + 22, (short) 0x206); // executable, line numbers stripped, debug stripped
        int opt = peOffset + 24;
        b.putShort(opt, (short) 0x20b);           // PE32+
        b.putInt(opt + 16, 0x1000);               // AddressOfEntryPoint
        b.putInt(opt + 32, 0x1000);               // SectionAlignment
        b.putInt(opt + 36, 0x200);                // FileAlignment
        b.putShort(opt + 44, (short) 1);          // MajorImageVersion
        b.putShort(opt + 46, (short) 1);          // MinorImageVersion
        b.putInt(opt + 56, 0x1000 * (sections.size() + 1)); // SizeOfImage
        b.putInt(opt + 60, dataStart);            // SizeOfHeaders
        b.putShort(opt + 68, (short) 10);         // Subsystem: EFI application
        b.putInt(opt + 108, 16);                  // NumberOfRvaAndSizes
        int raw = dataStart;
        for (int i = 0; i < sections.size(); i++) {
            PeSection s = sections.get(i);
            int at = table + 40 * i;
            b.put(at, ascii(s.name()), 0, Math.min(8, s.name().length()));
            b.putInt(at + 8, s.data().length);    // VirtualSize
            b.putInt(at + 12, 0x1000 * (i + 1));  // VirtualAddress
            b.putInt(at + 16, align(s.data().length, 0x200)); // SizeOfRawData
            b.putInt(at + 20, raw);               // PointerToRawData
            b.putInt(at + 36, 0x40000040);        // initialized data, readable
            b.put(raw, s.data());
            raw += align(s.data().length, 0x200);
        }
        return b.array();
    }

    /** An EFI zboot header (drivers/firmware/efi/libstub/zboot-header.S) for {@link #pe}'s head. */
    static byte[] zbootHead(int payloadOffset, int payloadSize, String compressionType) {
        ByteBuffer b = ByteBuffer.allocate(0x40).order(ByteOrder.LITTLE_ENDIAN);
        b.put(4, ascii("zimg"));
        b.putInt(8, payloadOffset);
        b.putInt(12, payloadSize);
        b.put(24, ascii(compressionType));
        b.putInt(0x38, 0x818223cd);               // LINUX_PE_MAGIC
        return b.array();
    }

    /**
     * A minimal ELF64 little-endian executable for {@code machine} (System V ABI): the file
     * header, one PT_LOAD program header covering the file, and {@code body} after them.
     */
    public static byte[] elf64(int machine, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(64 + 56 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(16, (short) 2);                // ET_EXEC
        b.putShort(18, (short) machine);
        b.putInt(20, 1);
        b.putLong(24, 0x1000078);                 // e_entry
        b.putLong(32, 64);                        // e_phoff
        b.putShort(52, (short) 64);               // e_ehsize
        b.putShort(54, (short) 56);               // e_phentsize
        b.putShort(56, (short) 1);                // e_phnum
        b.putShort(58, (short) 64);               // e_shentsize
        b.putInt(64, 1);                          // PT_LOAD
        b.putInt(68, 5);                          // R X
        b.putLong(64 + 16, 0x1000000);            // p_vaddr
        b.putLong(64 + 24, 0x1000000);            // p_paddr
        b.putLong(64 + 32, b.capacity());         // p_filesz
        b.putLong(64 + 40, b.capacity() + 0x1000); // p_memsz
        b.putLong(64 + 48, 0x1000);               // p_align
        b.put(120, body);
        return b.array();
    }

    /** A Multiboot (v1) header: magic, flags, checksum, then the five address fields. */
    static byte[] multiboot1Header(int flags, int... addressFields) {
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * addressFields.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x1BADB002).putInt(flags).putInt(-(0x1BADB002 + flags));
        for (int a : addressFields) b.putInt(a);
        return b.array();
    }

    /** A Multiboot2 header: magic, architecture, header_length, checksum, then the tags. */
    static byte[] multiboot2Header(int architecture, byte[]... tags) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] t : tags) body.writeBytes(t);
        int length = 16 + body.size();
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xE85250D6).putInt(architecture).putInt(length).putInt(-(0xE85250D6 + architecture + length));
        b.put(body.toByteArray());
        return b.array();
    }

    /** A Multiboot2 header tag padded to 8 bytes: type, flags, size (unpadded), then 32-bit fields. */
    static byte[] multiboot2Tag(int type, int flags, int... fields) {
        int size = 8 + 4 * fields.length;
        ByteBuffer b = ByteBuffer.allocate(align(size, 8)).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) type).putShort((short) flags).putInt(size);
        for (int f : fields) b.putInt(f);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static int align(int value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
