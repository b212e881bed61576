package lobos.kexec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The boot information a Multiboot kernel finds at EBX: the Multiboot (0.6.96) {@code struct
 * multiboot_info} with its module list, memory map and strings, or the Multiboot2 (2.0) tag
 * list. Built for a known address, so every pointer inside is physical and final. What lobos
 * gives: the command line, the boot loader's name ("lobos"), the modules with their command
 * lines, mem_lower/mem_upper and the firmware's memory map. No framebuffer, drive or APM
 * information: lobos leaves the console as it is (text or serial).
 */
final class MultibootInfo {
    static final long MAGIC1 = 0x2badb002L, MAGIC2 = 0x36d76289L;
    static final String LOADER_NAME = "lobos";

    /** multiboot_info flags bits. */
    static final int FLAG_MEMORY = 1, FLAG_CMDLINE = 1 << 2, FLAG_MODS = 1 << 3, FLAG_MMAP = 1 << 6,
            FLAG_LOADER_NAME = 1 << 9;
    /** multiboot_info is 116 bytes (to the framebuffer colour info); lobos rounds it up. */
    static final int V1_INFO_BYTES = 120, V1_MODULE_BYTES = 16, V1_MMAP_ENTRY_BYTES = 24;

    /** Multiboot2 information tag types. */
    static final int TAG_END = 0, TAG_CMDLINE = 1, TAG_LOADER_NAME = 2, TAG_MODULE = 3, TAG_BASIC_MEMINFO = 4,
            TAG_MMAP = 6;
    static final int V2_MMAP_ENTRY_BYTES = 24;

    /** A module where it was placed: [start, end) and its command line. */
    record Module(long start, long end, String cmdline) {}

    /** One memory map entry as both specifications give it: base, length, type (1 RAM, 3 ACPI, 4 NVS, 5 bad, 2 the rest). */
    record MapEntry(long base, long length, int type) {}

    private MultibootInfo() {}

    /** The firmware's map in Multiboot terms: types 1-5 as they are, anything else reserved (2). */
    static List<MapEntry> memoryMap(MemoryMap firmware) {
        List<MapEntry> out = new ArrayList<>();
        for (ZeroPage.E820 e : ZeroPage.e820(firmware)) {
            out.add(new MapEntry(e.address(), e.size(), e.type() >= 1 && e.type() <= 5 ? (int) e.type() : 2));
        }
        return out;
    }

    /** KiB of RAM from 0 (at most 640) and from 1 MiB up to the first hole: mem_lower and mem_upper. */
    static long[] lowerUpper(List<MapEntry> map) {
        long lower = 0, upper = 0;
        for (MapEntry e : map) {
            if (e.type() != 1) continue;
            if (e.base() == 0) lower = Math.min(e.length() >> 10, 640);
            if (e.base() <= 0x100000 && e.base() + e.length() > 0x100000) upper = (e.base() + e.length() - 0x100000) >> 10;
        }
        return new long[] {lower, upper};
    }

    /** The Multiboot (v1) information at {@code base}: multiboot_info, modules, memory map, strings. */
    static byte[] v1(long base, String cmdline, List<Module> modules, List<MapEntry> map) {
        int modsAt = V1_INFO_BYTES;
        int mmapAt = modsAt + modules.size() * V1_MODULE_BYTES;
        int stringsAt = mmapAt + map.size() * V1_MMAP_ENTRY_BYTES;
        Strings strings = new Strings(base + stringsAt);
        long cmdlineAt = strings.add(cmdline);
        long loaderAt = strings.add(LOADER_NAME);
        List<Long> moduleStrings = modules.stream().map(m -> strings.add(m.cmdline())).toList();
        ByteBuffer b = buffer(stringsAt + strings.size());
        long[] lu = lowerUpper(map);
        b.putInt(0, FLAG_MEMORY | FLAG_CMDLINE | FLAG_MODS | FLAG_MMAP | FLAG_LOADER_NAME);
        b.putInt(4, (int) lu[0]);                  // mem_lower, KiB
        b.putInt(8, (int) lu[1]);                  // mem_upper, KiB
        b.putInt(16, (int) cmdlineAt);             // cmdline
        b.putInt(20, modules.size());              // mods_count
        b.putInt(24, (int) (base + modsAt));       // mods_addr
        b.putInt(44, map.size() * V1_MMAP_ENTRY_BYTES); // mmap_length
        b.putInt(48, (int) (base + mmapAt));       // mmap_addr
        b.putInt(64, (int) loaderAt);              // boot_loader_name
        for (int i = 0; i < modules.size(); i++) {
            int at = modsAt + i * V1_MODULE_BYTES;
            b.putInt(at, (int) modules.get(i).start());
            b.putInt(at + 4, (int) modules.get(i).end());
            b.putInt(at + 8, moduleStrings.get(i).intValue());
        }
        for (int i = 0; i < map.size(); i++) {
            int at = mmapAt + i * V1_MMAP_ENTRY_BYTES;
            b.putInt(at, V1_MMAP_ENTRY_BYTES - 4);  // size, not counting itself
            b.putLong(at + 4, map.get(i).base());
            b.putLong(at + 12, map.get(i).length());
            b.putInt(at + 20, map.get(i).type());
        }
        b.put(stringsAt, strings.bytes());
        return b.array();
    }

    /** The Multiboot2 information: total_size, reserved, then 8-aligned tags up to the end tag. */
    static byte[] v2(String cmdline, List<Module> modules, List<MapEntry> map) {
        List<byte[]> tags = new ArrayList<>();
        tags.add(stringTag(TAG_CMDLINE, cmdline));
        tags.add(stringTag(TAG_LOADER_NAME, LOADER_NAME));
        for (Module m : modules) {
            byte[] s = cString(m.cmdline());
            ByteBuffer t = buffer(16 + s.length);
            t.putInt(0, TAG_MODULE).putInt(4, t.capacity()).putInt(8, (int) m.start()).putInt(12, (int) m.end());
            t.put(16, s);
            tags.add(t.array());
        }
        long[] lu = lowerUpper(map);
        tags.add(buffer(16).putInt(0, TAG_BASIC_MEMINFO).putInt(4, 16).putInt(8, (int) lu[0]).putInt(12, (int) lu[1])
                .array());
        ByteBuffer mmap = buffer(16 + map.size() * V2_MMAP_ENTRY_BYTES);
        mmap.putInt(0, TAG_MMAP).putInt(4, mmap.capacity()).putInt(8, V2_MMAP_ENTRY_BYTES).putInt(12, 0);
        for (int i = 0; i < map.size(); i++) {
            int at = 16 + i * V2_MMAP_ENTRY_BYTES;
            mmap.putLong(at, map.get(i).base()).putLong(at + 8, map.get(i).length()).putInt(at + 16, map.get(i).type());
        }
        tags.add(mmap.array());
        tags.add(buffer(8).putInt(0, TAG_END).putInt(4, 8).array());
        int total = 8;
        for (byte[] t : tags) total += align8(t.length);
        ByteBuffer b = buffer(total);
        b.putInt(0, total);
        int at = 8;
        for (byte[] t : tags) {
            b.put(at, t);
            at += align8(t.length);
        }
        return b.array();
    }

    private static byte[] stringTag(int type, String text) {
        byte[] s = cString(text);
        ByteBuffer t = buffer(8 + s.length);
        t.putInt(0, type).putInt(4, t.capacity()).put(8, s);
        return t.array();
    }

    private static int align8(int n) {
        return (n + 7) & ~7;
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] cString(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    /** NUL-terminated strings packed one after another from a known address. */
    private static final class Strings {
        private final long base;
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        Strings(long base) {
            this.base = base;
        }

        long add(String s) {
            long at = base + out.size();
            out.writeBytes(cString(s));
            return at;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
