package lobos.kexec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The x86 boot protocol's zero page ({@code struct boot_params},
 * Documentation/arch/x86/zero-page.rst): what a boot loader tells a Linux kernel it enters
 * through the 64-bit entry point. Offsets are the document's.
 */
final class ZeroPage {
    static final int SIZE = 4096;

    static final int ACPI_RSDP_ADDR = 0x070;
    static final int EXT_RAMDISK_IMAGE = 0x0c0, EXT_RAMDISK_SIZE = 0x0c4, EXT_CMD_LINE_PTR = 0x0c8;
    static final int E820_ENTRIES = 0x1e8;
    static final int SENTINEL = 0x1ef;
    static final int SETUP_HEADER = 0x1f1;
    static final int HEADER_MAGIC = 0x202, VERSION = 0x206, TYPE_OF_LOADER = 0x210, RAMDISK_IMAGE = 0x218,
            RAMDISK_SIZE = 0x21c, CMD_LINE_PTR = 0x228, INITRD_ADDR_MAX = 0x22c, CMDLINE_SIZE = 0x238;
    /** The setup header ends before edd_mbr_sig_buffer. */
    static final int SETUP_HEADER_LIMIT = 0x290;
    static final int E820_TABLE = 0x2d0, E820_MAX = 128, E820_ENTRY_BYTES = 20;

    /** type_of_loader 0xff: "undefined", for loaders without an ID of their own (boot.rst). */
    static final int LOADER_UNDEFINED = 0xff;
    /** What the zero page says for a vmlinux, which carries no setup header: protocol 2.06, as kexec-tools. */
    static final int SYNTHETIC_VERSION = 0x0206;
    static final long SYNTHETIC_INITRD_ADDR_MAX = 0x37ffffffL, COMMAND_LINE_SIZE = 2048;

    /** One e820 entry: start, size, type (1 RAM, 2 reserved, 3 ACPI, 4 NVS, 5 unusable...). */
    record E820(long address, long size, long type) {}

    private final ByteBuffer page = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * Starts from a bzImage's setup header: bytes 0x1f1 up to 0x202 plus the byte at 0x201
     * (the end of the header the image declares), copied as the boot protocol says.
     */
    static ZeroPage fromBzImage(byte[] image) {
        ZeroPage z = new ZeroPage();
        int end = Math.min(0x202 + (image[0x201] & 0xff), SETUP_HEADER_LIMIT);
        z.page.put(SETUP_HEADER, image, SETUP_HEADER, Math.min(end, image.length) - SETUP_HEADER);
        return z;
    }

    /** For a kernel without a setup header (an ELF vmlinux): the fields a kernel reads. */
    static ZeroPage synthetic() {
        ZeroPage z = new ZeroPage();
        z.page.put(HEADER_MAGIC, new byte[] {'H', 'd', 'r', 'S'});
        z.page.putShort(VERSION, (short) SYNTHETIC_VERSION);
        z.page.putInt(INITRD_ADDR_MAX, (int) SYNTHETIC_INITRD_ADDR_MAX);
        z.page.putInt(CMDLINE_SIZE, (int) COMMAND_LINE_SIZE);
        return z;
    }

    ZeroPage loader() {
        page.put(TYPE_OF_LOADER, (byte) LOADER_UNDEFINED);
        return this;
    }

    ZeroPage commandLine(long address) {
        page.putInt(CMD_LINE_PTR, (int) address);
        page.putInt(EXT_CMD_LINE_PTR, (int) (address >>> 32));
        return this;
    }

    ZeroPage ramdisk(long address, long size) {
        page.putInt(RAMDISK_IMAGE, (int) address);
        page.putInt(EXT_RAMDISK_IMAGE, (int) (address >>> 32));
        page.putInt(RAMDISK_SIZE, (int) size);
        page.putInt(EXT_RAMDISK_SIZE, (int) (size >>> 32));
        return this;
    }

    ZeroPage acpiRsdp(long address) {
        page.putLong(ACPI_RSDP_ADDR, address);
        return this;
    }

    ZeroPage e820(List<E820> entries) {
        if (entries.size() > E820_MAX) {
            throw new KexecException("the memory map has " + entries.size() + " entries; the zero page holds "
                    + E820_MAX, "boot this kernel with kexec_file_load (--syscall=file), which passes longer maps");
        }
        page.put(E820_ENTRIES, (byte) entries.size());
        for (int i = 0; i < entries.size(); i++) {
            int at = E820_TABLE + i * E820_ENTRY_BYTES;
            page.putLong(at, entries.get(i).address());
            page.putLong(at + 8, entries.get(i).size());
            page.putInt(at + 16, (int) entries.get(i).type());
        }
        return this;
    }

    byte[] bytes() {
        return page.array().clone();
    }

    /** The firmware's map as e820 entries, neighbours of one type joined (as the kernel would). */
    static List<E820> e820(MemoryMap firmware) {
        List<E820> out = new ArrayList<>();
        for (MemoryMap.Region r : firmware.regions()) {
            long type = r.type().e820;
            if (!out.isEmpty()) {
                E820 last = out.getLast();
                if (last.type() == type && last.address() + last.size() == r.start()) {
                    out.set(out.size() - 1, new E820(last.address(), last.size() + r.size(), type));
                    continue;
                }
            }
            out.add(new E820(r.start(), r.size(), type));
        }
        return out;
    }
}
