package lobos.kexec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import lobos.linux.Kernel;

/**
 * The loader's log survives the kexec (LOBOS kept its log buffer across the reboot) through
 * the kernel's pstore/ramoops, in RAM that no kernel uses ({@code memmap=SIZE$ADDR} reserves
 * it). The loader's command line names the region with ramoops's own parameters; lobos then
 * <ul>
 * <li>writes the session (the loader kernel's messages, then lobos's lines) into ramoops's
 *     dmesg records, in the format ramoops reads back: one more kexec_load segment, which the
 *     running kernel copies into place at the kexec (Debian builds neither
 *     CONFIG_PSTORE_PMSG nor CONFIG_PSTORE_CONSOLE, so the kernel's own writers are not there);</li>
 * <li>gives the next kernel the same reservation and ramoops parameters on its command line,
 *     so that it keeps its hands off that RAM and, once it loads ramoops (a module in Debian),
 *     shows the session in /sys/fs/pstore as dmesg-ramoops-N.</li>
 * </ul>
 */
public final class SurvivingLog {
    /** ramoops's defaults for the sizes its parameters leave out (MIN_MEM_SIZE). */
    static final long DEFAULT_ZONE = 4096;
    /** struct persistent_ram_buffer: u32 sig, u32 start, u32 size, then the data. */
    static final int BUFFER_HEADER = 12;
    /** PERSISTENT_RAM_SIG, "DBGC": what ramoops finds at the start of a zone that holds a record. */
    static final int SIGNATURE = 0x43474244;

    /**
     * A ramoops region as its module parameters describe it; sizes as ramoops uses them
     * (rounded down to powers of two).
     */
    public record Ramoops(long address, long size, long recordSize, long consoleSize, long pmsgSize, long ftraceSize) {
        /** What the next kernel needs on its command line to keep and read the same region. */
        public String parameters() {
            return "memmap=0x%x$0x%x ramoops.mem_address=0x%x ramoops.mem_size=0x%x ramoops.record_size=0x%x"
                    .formatted(size, address, address, size, recordSize)
                    + " ramoops.console_size=0x%x ramoops.pmsg_size=0x%x ramoops.ftrace_size=0x%x"
                    .formatted(consoleSize, pmsgSize, ftraceSize);
        }

        /** The dmesg records' zones, as ramoops_probe lays them out: first in the region, equal in size. */
        List<Long> dmesgZones() {
            long dumpBytes = size - consoleSize - ftraceSize - pmsgSize;
            if (recordSize <= 0 || dumpBytes < recordSize) return List.of();
            long count = dumpBytes / recordSize;
            long zone = dumpBytes / count;
            List<Long> out = new java.util.ArrayList<>();
            for (long i = 0; i < count; i++) out.add(address + i * zone);
            return out;
        }

        long zoneBytes() {
            List<Long> zones = dmesgZones();
            return zones.size() < 2 ? size - consoleSize - ftraceSize - pmsgSize : zones.get(1) - zones.get(0);
        }
    }

    private final Path root;

    /** @param root "/" on a running system, a directory in tests */
    public SurvivingLog(Path root) {
        this.root = root;
    }

    /**
     * The ramoops region this loader's command line gives (the {@code ramoops.*} words the next
     * kernel gets too), if it names one.
     */
    public Optional<Ramoops> active() {
        try {
            return fromCmdline(Files.readString(root.resolve("proc/cmdline")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The region {@code ramoops.mem_address} and {@code ramoops.mem_size} describe, with ramoops's defaults. */
    public static Optional<Ramoops> fromCmdline(String cmdline) {
        java.util.Map<String, Long> p = new java.util.HashMap<>();
        for (String word : CommandLines.words(cmdline)) {
            if (!word.startsWith("ramoops.") || !word.contains("=")) continue;
            String key = word.substring("ramoops.".length(), word.indexOf('='));
            try {
                p.put(key, number(word.substring(word.indexOf('=') + 1)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // ramoops would refuse it too
            }
        }
        long address = p.getOrDefault("mem_address", 0L), size = p.getOrDefault("mem_size", 0L);
        if (address <= 0 || size <= 0) return Optional.empty();
        Ramoops r = new Ramoops(address, size, pow2(p.getOrDefault("record_size", DEFAULT_ZONE)),
                pow2(p.getOrDefault("console_size", DEFAULT_ZONE)), pow2(p.getOrDefault("pmsg_size", DEFAULT_ZONE)),
                pow2(p.getOrDefault("ftrace_size", DEFAULT_ZONE)));
        return r.dmesgZones().isEmpty() ? Optional.empty() : Optional.of(r);
    }

    /** As the kernel's kstrtoul with base 0: 0x hexadecimal, a leading 0 octal, else decimal. */
    static long number(String text) {
        if (text.startsWith("0x") || text.startsWith("0X")) return Long.parseUnsignedLong(text.substring(2), 16);
        if (text.length() > 1 && text.startsWith("0")) return Long.parseUnsignedLong(text.substring(1), 8);
        return Long.parseUnsignedLong(text);
    }

    private static long pow2(long n) {
        return n <= 0 ? 0 : Long.highestOneBit(n);
    }

    /**
     * The next kernel's command line with the ramoops parameters added, unless it already names
     * a ramoops region of its own (then the user decided).
     */
    public static String appendTo(String cmdline, Ramoops ramoops) {
        if (cmdline.contains("ramoops.mem_address=")) return cmdline;
        return CommandLines.append(cmdline, ramoops.parameters());
    }

    /** The session's text: the kernel's messages, then lobos's lines. */
    public static String session(Kernel kernel, List<String> lobosLines) {
        StringBuilder text = new StringBuilder("lobos: loader session: kernel messages\n");
        try {
            text.append(kernel.kernelLog());
        } catch (RuntimeException e) {
            text.append("(cannot read the kernel's messages: ").append(e.getMessage()).append(")\n");
        }
        if (text.charAt(text.length() - 1) != '\n') text.append('\n');
        text.append("lobos: loader session: lobos\n");
        for (String line : lobosLines) text.append(line).append('\n');
        return text.toString();
    }

    /**
     * The session as ramoops dmesg records, one per zone, oldest text first: each zone starts
     * with the persistent_ram_buffer header (signature, start 0, size) and holds
     * {@code ====SECONDS.MICROSECONDS-D\n} (ramoops's header of an uncompressed record) then
     * text. What does not fit in all the zones is cut from the front: the end of the session
     * matters most.
     */
    static List<Placement.Chunk> records(Ramoops r, String text, long epochMicros) {
        byte[] header = "====%d.%06d-D\n".formatted(epochMicros / 1_000_000, epochMicros % 1_000_000)
                .getBytes(StandardCharsets.US_ASCII);
        List<Long> zones = r.dmesgZones();
        int room = (int) Math.min(Integer.MAX_VALUE, r.zoneBytes() - BUFFER_HEADER - header.length);
        if (room <= 0) return List.of();
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        long keep = Math.min(all.length, (long) room * zones.size());
        int from = (int) (all.length - keep);
        List<Placement.Chunk> out = new java.util.ArrayList<>();
        for (int i = 0; from < all.length; i++) {
            int n = Math.min(room, all.length - from);
            java.nio.ByteBuffer zone = java.nio.ByteBuffer.allocate(BUFFER_HEADER + header.length + n)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            zone.putInt(SIGNATURE).putInt(0).putInt(header.length + n).put(header).put(all, from, n);
            out.add(new Placement.Chunk(zones.get(i), zone.array(), zone.capacity()));
            from += n;
        }
        return out;
    }

    /**
     * What the previous boot left: the pstore files of this boot (mounted at /sys/fs/pstore),
     * then those systemd-pstore moved to /var/lib/systemd/pstore; in each place the dmesg
     * records (lobos's session, oldest first), then pmsg and console records.
     */
    public List<Path> previous() throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (Path dir : List.of(root.resolve("sys/fs/pstore"), root.resolve("var/lib/systemd/pstore"))) {
            if (!Files.isDirectory(dir)) continue;
            try (var files = Files.walk(dir, 2)) {
                files.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().matches("(dmesg|pmsg|console)-.*"))
                        .sorted(java.util.Comparator.comparing((Path f) -> kindOrder(f.getFileName().toString()))
                                .thenComparing(f -> f.getParent().toString())
                                .thenComparingLong(f -> recordNumber(f.getFileName().toString())))
                        .forEach(out::add);
            }
        }
        return out;
    }

    private static int kindOrder(String name) {
        return name.startsWith("dmesg-") ? 0 : name.startsWith("pmsg-") ? 1 : 2;
    }

    /** The record number at the end of a pstore file name (dmesg-ramoops-12), for numeric order. */
    private static long recordNumber(String name) {
        int dash = name.lastIndexOf('-');
        try {
            return Long.parseLong(name.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
