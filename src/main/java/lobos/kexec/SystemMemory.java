package lobos.kexec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The running machine's memory as kexec_load needs it: {@code firmware} is the map handed to
 * the next kernel (its e820 table, a Multiboot memory map), {@code iomem} says where segments
 * may be placed. Without /sys/firmware/memmap (CONFIG_FIRMWARE_MEMMAP off) the top level of
 * /proc/iomem stands in for the firmware's map.
 */
public record SystemMemory(MemoryMap firmware, MemoryMap iomem) {
    /** More entries than any firmware map has (the zero page holds 128). */
    static final int MAX_FIRMWARE_ENTRIES = 1024;

    /** Reads both maps below {@code root} ("/" on a running system, a directory in tests). */
    public static SystemMemory read(Path root) {
        Path iomemFile = root.resolve("proc/iomem");
        MemoryMap iomem;
        try {
            iomem = MemoryMap.parseIomem(Files.readString(iomemFile));
        } catch (IOException e) {
            throw new KexecException("cannot read " + iomemFile + ": " + e.getMessage(),
                    "kexec_load needs the memory map; is /proc mounted?", e);
        }
        Path memmap = root.resolve("sys/firmware/memmap");
        List<MemoryMap.Region> entries = new ArrayList<>();
        if (Files.isDirectory(memmap)) {
            try (Stream<Path> dirs = Files.list(memmap)) {
                for (Path d : dirs.limit(MAX_FIRMWARE_ENTRIES + 1L).toList()) {
                    if (entries.size() == MAX_FIRMWARE_ENTRIES) {
                        throw new KexecException(memmap + " has more than " + MAX_FIRMWARE_ENTRIES + " entries",
                                "report this machine's memory map");
                    }
                    entries.add(MemoryMap.parseFirmwareEntry(d.toString(), Files.readString(d.resolve("start")),
                            Files.readString(d.resolve("end")), Files.readString(d.resolve("type"))));
                }
            } catch (IOException e) {
                throw new KexecException("cannot read " + memmap + ": " + e.getMessage(), "is /sys mounted?", e);
            }
        }
        MemoryMap firmware = entries.isEmpty() ? topLevel(iomem) : MemoryMap.firmware(entries);
        return new SystemMemory(firmware, iomem);
    }

    /** /proc/iomem's top level without its children: the fallback firmware map. */
    static MemoryMap topLevel(MemoryMap iomem) {
        return new MemoryMap(iomem.regions().stream()
                .map(r -> new MemoryMap.Region(r.start(), r.last(), r.type(), r.name(), List.of()))
                .toList());
    }
}
