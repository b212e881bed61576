package lobos.image;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Every decoder on data behind its magic number: only ImageFormatException may escape, within 1 MiB. */
class CompressionFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void decompress(FuzzedDataProvider input) {
        Compression c = input.pickValue(Compression.values());
        byte[] data = Synthetic.concat(c.magic(), input.consumeRemainingAsBytes());
        try {
            c.decompress(data, 0, data.length, 1 << 20);
        } catch (ImageFormatException expected) {
            // bad input, reported as such
        }
    }
}
