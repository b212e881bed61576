package lobos.kexec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The EFI load option parser: only KexecException may escape. */
class EfiLoadOptionFuzzTest {
    @FuzzTest(maxDuration = "1m")
    void parse(byte[] data) {
        try {
            EfiLoadOption o = EfiLoadOption.parse(data);
            if (o.optionalDataBytes() < 0) throw new AssertionError("negative optional data");
        } catch (KexecException expected) {
            // bad input, reported as such
        }
    }
}
