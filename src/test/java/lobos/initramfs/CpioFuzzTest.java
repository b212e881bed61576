package lobos.initramfs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Any bytes give entries or a CpioFormatException: no other exception, no hang, no huge allocation. */
class CpioFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void cpioReader(byte[] data) throws IOException {
        try {
            var reader = new CpioReader(new ByteArrayInputStream(data), true);
            while (reader.next() != null) {}
        } catch (CpioFormatException expected) {
            // the typed error is the right answer to bad input
        }
    }

    @FuzzTest(maxDuration = "2m")
    void initrdReader(byte[] data) throws IOException {
        try {
            var reader = new InitrdReader(new ByteArrayInputStream(data), true);
            while (reader.next() != null) {}
        } catch (CpioFormatException expected) {
            // the typed error is the right answer to bad input
        }
    }
}
