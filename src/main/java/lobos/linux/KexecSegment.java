package lobos.linux;

/**
 * One piece of a kernel image for kexec_load(2) ({@code struct kexec_segment}): {@code data}
 * is copied to physical {@code address}, and the rest of {@code memorySize} is zero-filled.
 * The kernel requires {@code address} and {@code memorySize} to be page-aligned and the
 * segments not to overlap; {@code lobos.kexec} checks that before it calls.
 */
public record KexecSegment(SegmentData data, long address, long memorySize) {
    public KexecSegment {
        if (data.size() > memorySize) {
            throw new IllegalArgumentException("segment at 0x%x holds %d bytes in %d bytes of memory"
                    .formatted(address, data.size(), memorySize));
        }
    }

    public KexecSegment(byte[] data, long address, long memorySize) {
        this(SegmentData.of(data), address, memorySize);
    }

    /** The data, in the heap. */
    public byte[] bytes() {
        return data.read();
    }

    /** The first address after the segment. */
    public long end() {
        return address + memorySize;
    }

    @Override
    public String toString() {
        return "0x%x+0x%x(0x%x%s)".formatted(address, memorySize, data.size(),
                data instanceof SegmentData.File ? " from a file" : "");
    }
}
