package lobos.kexec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** The memory map parsers: only KexecException may escape, and what they return is consistent. */
class MemoryMapFuzzTest {
    @FuzzTest(maxDuration = "1m")
    void iomem(byte[] data) {
        try {
            MemoryMap map = MemoryMap.parseIomem(new String(data, java.nio.charset.StandardCharsets.UTF_8));
            for (MemoryMap.Range r : map.usableRam()) {
                if (r.end() < r.start()) throw new AssertionError("range ends before it starts: " + r);
            }
            ZeroPage.e820(map);
            new Placement(map.usableRam()).place("x", new byte[1], 1, 4096, 0, Long.MAX_VALUE, true);
        } catch (KexecException expected) {
            // bad input, reported as such (or no room)
        }
    }

    @FuzzTest(maxDuration = "1m")
    void firmwareEntry(FuzzedDataProvider data) {
        try {
            MemoryMap.Region r = MemoryMap.parseFirmwareEntry("memmap/0", data.consumeString(24),
                    data.consumeString(24), data.consumeRemainingAsString());
            if (Long.compareUnsigned(r.start(), r.last()) > 0) throw new AssertionError("bad region " + r);
        } catch (KexecException expected) {
            // bad input, reported as such
        }
    }
}
