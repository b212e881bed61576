package lobos.kexec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import lobos.linux.KexecSegment;
import lobos.linux.SegmentData;

/**
 * Places the pieces of a kexec_load image in physical memory, with the checks the kernel makes
 * (page-aligned, no overlap, at most {@link #MAX_SEGMENTS}) and the one it does not make: every
 * piece lies in RAM this kernel can see. A piece placed outside RAM would be copied nowhere at
 * reboot, and the new kernel would die without a word.
 */
final class Placement {
    static final long PAGE = 4096;
    /** KEXEC_SEGMENT_MAX in include/linux/kexec.h. */
    static final int MAX_SEGMENTS = 16;

    /** Bytes that must land at {@code address}; the rest of {@code memorySize} is zeros. */
    record Chunk(long address, byte[] data, long memorySize) {
        long end() {
            return address + memorySize;
        }
    }

    /** A placed piece: page-aligned address and size; its data in the heap or in a file. */
    record Piece(String what, long address, SegmentData data, long memorySize) {
        long end() {
            return address + memorySize;
        }

        @Override
        public String toString() {
            return "%s 0x%x-0x%x".formatted(what, address, end() - 1);
        }
    }

    private final List<MemoryMap.Range> ram;
    private final List<Piece> pieces = new ArrayList<>();

    Placement(List<MemoryMap.Range> ram) {
        this.ram = List.copyOf(ram);
    }

    /**
     * Puts chunks that must sit at their own addresses (an ELF file's PT_LOAD segments, a
     * Multiboot kernel's load addresses). Chunks that share a page become one piece.
     */
    void fixed(String what, List<Chunk> chunks) {
        fixed(what, chunks, true);
    }

    /**
     * Puts chunks at their own addresses in memory the running kernel does not count as RAM
     * but the next one finds there: the ramoops region that {@code memmap=} reserves. The
     * running kernel identity-maps every segment's range for the copy, RAM or not.
     */
    void reserved(String what, List<Chunk> chunks) {
        fixed(what, chunks, false);
    }

    private void fixed(String what, List<Chunk> chunks, boolean ramOnly) {
        List<Chunk> sorted = new ArrayList<>(chunks);
        sorted.sort(Comparator.comparingLong(Chunk::address));
        for (Chunk c : sorted) {
            if (c.address() < 0 || c.memorySize() <= 0 || c.end() < c.address() || c.end() < 0) {
                throw new KexecException(what + ": a segment at 0x%x of %d bytes is not a place in memory"
                        .formatted(c.address(), c.memorySize()), "the image's headers are damaged");
            }
        }
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).address() < sorted.get(i - 1).end()) {
                throw new KexecException(what + ": segments at 0x%x and 0x%x overlap".formatted(
                        sorted.get(i - 1).address(), sorted.get(i).address()), "the image's headers are damaged");
            }
        }
        int i = 0;
        while (i < sorted.size()) {
            long start = down(sorted.get(i).address());
            long end = up(sorted.get(i).end());
            int j = i + 1;
            while (j < sorted.size() && down(sorted.get(j).address()) < end) {
                end = Math.max(end, up(sorted.get(j).end()));
                j++;
            }
            if (j == i + 1 && sorted.get(i).address() == start) {
                // One chunk that starts on a page: its bytes as they are (a vmlinux is tens of MiB).
                add(new Piece(what, start, SegmentData.of(sorted.get(i).data()), end - start), ramOnly);
                i = j;
                continue;
            }
            long dataEnd = start;
            for (int k = i; k < j; k++) dataEnd = Math.max(dataEnd, sorted.get(k).address() + sorted.get(k).data().length);
            if (dataEnd - start > Integer.MAX_VALUE - 8) throw new KexecException(what + " is larger than 2 GiB", null);
            byte[] data = new byte[(int) (dataEnd - start)];
            for (int k = i; k < j; k++) {
                Chunk c = sorted.get(k);
                System.arraycopy(c.data(), 0, data, (int) (c.address() - start), c.data().length);
            }
            add(new Piece(what, start, SegmentData.of(data), end - start), ramOnly);
            i = j;
        }
    }

    /**
     * Finds room for {@code memorySize} bytes (rounded up to pages), aligned to {@code align},
     * between {@code min} and {@code max} (exclusive), as high or as low as possible.
     *
     * @return the address chosen
     */
    long place(String what, byte[] data, long memorySize, long align, long min, long max, boolean high) {
        return place(what, SegmentData.of(data), memorySize, align, min, max, high);
    }

    /** The same for data in the heap or in a file. */
    long place(String what, SegmentData data, long memorySize, long align, long min, long max, boolean high) {
        long size = up(Math.max(memorySize, data.size()));
        long alignment = Math.max(PAGE, align);
        if (Long.bitCount(alignment) != 1) throw new IllegalArgumentException("alignment " + align);
        List<MemoryMap.Range> free = free();
        if (high) free = free.reversed();
        for (MemoryMap.Range r : free) {
            long lo = Math.max(r.start(), min);
            long hi = Math.min(r.end(), max);
            if (hi - lo < size) continue;
            long at = high ? (hi - size) & -alignment : (lo + alignment - 1) & -alignment;
            if (at >= lo && at + size <= hi) {
                add(new Piece(what, at, data, size), true);
                return at;
            }
        }
        throw new KexecException("no room for the %s (%d KiB) in RAM between 0x%x and 0x%x".formatted(
                what, size >> 10, min, max), "the machine has too little free memory below that limit; use a"
                        + " smaller initrd or kernel");
    }

    private void add(Piece p, boolean ramOnly) {
        boolean inRam = ram.stream().anyMatch(r -> r.start() <= p.address() && p.end() <= r.end());
        if (ramOnly && !inRam) {
            throw new KexecException("the %s at 0x%x-0x%x is not in RAM (usable RAM: %s)".formatted(p.what(),
                    p.address(), p.end() - 1, describe(ram)), "this image wants memory this machine does not have"
                            + " or the running kernel reserves; it cannot be loaded here");
        }
        for (Piece q : pieces) {
            if (p.address() < q.end() && q.address() < p.end()) {
                throw new KexecException("the %s at 0x%x-0x%x overlaps the %s at 0x%x-0x%x".formatted(p.what(),
                        p.address(), p.end() - 1, q.what(), q.address(), q.end() - 1), "the image's parts collide");
            }
        }
        pieces.add(p);
    }

    /** RAM not yet taken, in address order. */
    private List<MemoryMap.Range> free() {
        List<MemoryMap.Range> out = new ArrayList<>(ram);
        for (Piece p : pieces) {
            List<MemoryMap.Range> next = new ArrayList<>();
            for (MemoryMap.Range r : out) {
                if (p.end() <= r.start() || p.address() >= r.end()) {
                    next.add(r);
                    continue;
                }
                if (p.address() > r.start()) next.add(new MemoryMap.Range(r.start(), p.address()));
                if (p.end() < r.end()) next.add(new MemoryMap.Range(p.end(), r.end()));
            }
            out = next;
        }
        return out;
    }

    List<Piece> pieces() {
        return pieces.stream().sorted(Comparator.comparingLong(Piece::address)).toList();
    }

    /** The pieces as kexec_load segments, in address order. */
    List<KexecSegment> segments() {
        if (pieces.size() > MAX_SEGMENTS) {
            throw new KexecException("the image has " + pieces.size() + " segments; kexec_load takes at most "
                    + MAX_SEGMENTS, "the image is split into too many pieces (an ELF with many PT_LOAD segments?)");
        }
        return pieces().stream().map(p -> new KexecSegment(p.data(), p.address(), p.memorySize())).toList();
    }

    static long down(long address) {
        return address & -PAGE;
    }

    static long up(long address) {
        return (address + PAGE - 1) & -PAGE;
    }

    private static String describe(List<MemoryMap.Range> ranges) {
        List<String> out = new ArrayList<>();
        for (MemoryMap.Range r : ranges.subList(0, Math.min(8, ranges.size()))) {
            out.add("0x%x-0x%x".formatted(r.start(), r.end() - 1));
        }
        return ranges.isEmpty() ? "none" : String.join(", ", out) + (ranges.size() > 8 ? ", ..." : "");
    }
}
