package lobos.kexec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The physical memory map, as the running kernel tells it: the firmware's map in
 * {@code /sys/firmware/memmap} (the e820 map the machine booted with, which the next kernel
 * should get), and {@code /proc/iomem} (what this kernel uses: "System RAM" without what
 * {@code memmap=} took away, with children such as "Crash kernel" inside). Both parsers are
 * pure and bounded; addresses are 64-bit unsigned, ranges inclusive of {@code last} as both
 * files write them.
 */
public record MemoryMap(List<Region> regions) {
    /** More lines than any machine's /proc/iomem has; longer input is refused. */
    static final int MAX_LINES = 65536;
    /** Deeper than /proc/iomem nests (PCI bridges go 5-6 deep). */
    static final int MAX_DEPTH = 16;

    public MemoryMap {
        regions = List.copyOf(regions);
    }

    /** Region types, with the e820 type code the boot protocol and Multiboot use for each. */
    public enum Type {
        RAM(1, "System RAM"),
        RESERVED(2, "Reserved"),
        ACPI(3, "ACPI Tables"),
        NVS(4, "ACPI Non-volatile Storage"),
        UNUSABLE(5, "Unusable memory"),
        PMEM_LEGACY(7, "Persistent Memory (legacy)"),
        PMEM(12, "Persistent Memory"),
        SOFT_RESERVED(0xefffffffL, "Soft Reserved"),
        /** Anything else /proc/iomem lists (PCI windows, ROMs, APICs): not memory a kernel may use. */
        OTHER(2, "");

        /** The e820 type; OTHER is handed on as reserved. */
        public final long e820;
        /** The name the kernel gives this type in /sys/firmware/memmap and /proc/iomem. */
        public final String kernelName;

        Type(long e820, String kernelName) {
            this.e820 = e820;
            this.kernelName = kernelName;
        }

        static Type named(String name) {
            for (Type t : values()) {
                if (t != OTHER && t.kernelName.equalsIgnoreCase(name)) return t;
            }
            return OTHER;
        }
    }

    /**
     * One range, {@code start} to {@code last} inclusive.
     *
     * @param name the kernel's name for it ("System RAM", "Kernel code", "PCI Bus 0000:00")
     * @param children what /proc/iomem lists inside it; empty for the firmware map
     */
    public record Region(long start, long last, Type type, String name, List<Region> children) {
        public Region {
            if (Long.compareUnsigned(start, last) > 0) {
                throw new IllegalArgumentException("region 0x%x-0x%x ends before it starts".formatted(start, last));
            }
            children = List.copyOf(children);
        }

        /** Bytes in the region; saturates at 2^63-1 for a region covering everything. */
        public long size() {
            long size = last - start + 1;
            return size <= 0 ? Long.MAX_VALUE : size;
        }

        @Override
        public String toString() {
            return "%016x-%016x %s".formatted(start, last, name);
        }
    }

    /** A half-open physical range [start, end) of usable RAM, as the placement works with. */
    public record Range(long start, long end) {
        public long size() {
            return end - start;
        }
    }

    /**
     * Parses /proc/iomem: lines {@code START-LAST : NAME}, indented two spaces per level of
     * nesting. Read without CAP_SYS_ADMIN the kernel shows every address as 0: that is refused,
     * as a map of zeros would place every segment at address 0.
     */
    public static MemoryMap parseIomem(String text) {
        List<String> lines = text.lines().limit(MAX_LINES + 1L).toList();
        if (lines.size() > MAX_LINES) throw bad("/proc/iomem", 0, "has more than " + MAX_LINES + " lines");
        Node root = new Node(0, 0, "");
        // open.get(d) is the latest region at depth d - 1 (open.get(0) is the root): where children of depth d go.
        List<Node> open = new ArrayList<>(List.of(root));
        boolean nonZero = false;
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) continue;
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') indent++;
            if (indent % 2 != 0) throw bad("/proc/iomem", lineNo, "is indented by an odd number of spaces");
            int depth = indent / 2;
            if (depth > MAX_DEPTH) throw bad("/proc/iomem", lineNo, "nests deeper than " + MAX_DEPTH + " levels");
            if (depth >= open.size()) throw bad("/proc/iomem", lineNo, "is indented deeper than the line before it");
            String rest = line.substring(indent);
            int colon = rest.indexOf(" : ");
            if (colon < 0) throw bad("/proc/iomem", lineNo, "is not \"START-END : NAME\"");
            long[] range = range("/proc/iomem", lineNo, rest.substring(0, colon));
            nonZero |= range[0] != 0 || range[1] != 0;
            Node node = new Node(range[0], range[1], rest.substring(colon + 3).strip());
            while (open.size() > depth + 1) open.removeLast();
            open.getLast().children.add(node);
            open.add(node);
        }
        if (!root.children.isEmpty() && !nonZero) {
            throw new KexecException("/proc/iomem shows every address as 0: it was read without root",
                    "run lobos as root (kexec needs CAP_SYS_BOOT, and the memory map needs CAP_SYS_ADMIN)");
        }
        return new MemoryMap(root.regions());
    }

    /** A region while /proc/iomem is being read: its children are still being added. */
    private static final class Node {
        final long start, last;
        final String name;
        final List<Node> children = new ArrayList<>();

        Node(long start, long last, String name) {
            this.start = start;
            this.last = last;
            this.name = name;
        }

        List<Region> regions() {
            List<Region> out = new ArrayList<>();
            for (Node n : children) out.add(new Region(n.start, n.last, Type.named(n.name), n.name, n.regions()));
            return out;
        }
    }

    /**
     * One entry of /sys/firmware/memmap/N: the files {@code start}, {@code end} (inclusive,
     * "0x..." hexadecimal) and {@code type} ("System RAM", "Reserved"...).
     */
    public static Region parseFirmwareEntry(String where, String start, String end, String type) {
        long s = hex(where + "/start", 0, start.strip());
        long e = hex(where + "/end", 0, end.strip());
        if (Long.compareUnsigned(s, e) > 0) throw bad(where, 0, "ends (0x%x) before it starts (0x%x)".formatted(e, s));
        String name = type.strip();
        if (name.length() > 64 || name.chars().anyMatch(c -> c < 0x20)) {
            throw bad(where + "/type", 0, "is not a type name");
        }
        return new Region(s, e, Type.named(name), name, List.of());
    }

    /** The firmware map from its entries, sorted by address, refusing overlaps. */
    public static MemoryMap firmware(List<Region> entries) {
        List<Region> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Region::start, Long::compareUnsigned));
        for (int i = 1; i < sorted.size(); i++) {
            if (Long.compareUnsigned(sorted.get(i).start(), sorted.get(i - 1).last()) <= 0) {
                throw bad("/sys/firmware/memmap", 0, "has overlapping entries " + sorted.get(i - 1) + " and "
                        + sorted.get(i));
            }
        }
        return new MemoryMap(sorted);
    }

    /**
     * The RAM a kexec'd image may be placed in: the top-level "System RAM" regions, without the
     * crash kernel's reservation inside them (kexec -p owns it), cut to below 2^63 (kexec_load
     * takes no higher destination anyway).
     */
    public List<Range> usableRam() {
        List<Range> out = new ArrayList<>();
        for (Region r : regions) {
            if (r.type() != Type.RAM || r.start() < 0) continue;
            long end = r.last() < 0 || r.last() == Long.MAX_VALUE ? Long.MAX_VALUE : r.last() + 1;
            List<Range> pieces = new ArrayList<>(List.of(new Range(r.start(), end)));
            for (Region child : r.children()) {
                if (!child.name().toLowerCase(Locale.ROOT).startsWith("crash kernel")) continue;
                pieces = cut(pieces, child.start(), child.last() + 1);
            }
            out.addAll(pieces);
        }
        out.sort(Comparator.comparingLong(Range::start));
        return out;
    }

    private static List<Range> cut(List<Range> pieces, long start, long end) {
        List<Range> out = new ArrayList<>();
        for (Range p : pieces) {
            if (end <= p.start() || start >= p.end()) {
                out.add(p);
                continue;
            }
            if (start > p.start()) out.add(new Range(p.start(), start));
            if (end < p.end()) out.add(new Range(end, p.end()));
        }
        return out;
    }

    private static long[] range(String where, int line, String text) {
        int dash = text.indexOf('-');
        if (dash < 0) throw bad(where, line, "has no START-END range");
        long start = hex(where, line, text.substring(0, dash));
        long last = hex(where, line, text.substring(dash + 1));
        if (Long.compareUnsigned(start, last) > 0) throw bad(where, line, "has a range that ends before it starts");
        return new long[] {start, last};
    }

    private static long hex(String where, int line, String text) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.isEmpty() || digits.length() > 16 || !digits.chars().allMatch(HexFormat::isHexDigit)) {
            throw bad(where, line, "has \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                    + "\" where a hexadecimal address belongs");
        }
        return Long.parseUnsignedLong(digits, 16);
    }

    private static KexecException bad(String where, int line, String problem) {
        return new KexecException(where + (line > 0 ? ":" + line : "") + " " + problem,
                "this kernel's memory map is not what lobos expects; report it with the file attached");
    }
}
