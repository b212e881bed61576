package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Random;

/** Reproducible file contents and byte-identical checks for the transfer tests. */
final class TestFiles {
    private TestFiles() {}

    static byte[] random(int size, long seed) {
        var bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        var path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        return Files.write(path, content);
    }

    /** TFTP options in the order given: name, value, name, value... */
    static LinkedHashMap<String, String> options(String... pairs) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) map.put(pairs[i], pairs[i + 1]);
        return map;
    }

    /** Equal bytes; on failure names the first differing offset instead of dumping megabytes. */
    static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(actual.length).as("length").isEqualTo(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("first differing byte").isEqualTo(-1);
    }

    /** A sink that also records what the progress callback said. */
    static final class Sink extends ByteArrayOutputStream {
        long lastProgress = -2;
        long lastTotal = -2;
        int progressCalls;
        boolean monotonic = true;

        TftpProgress progress() {
            return (bytes, total) -> {
                if (bytes < lastProgress) monotonic = false;
                lastProgress = bytes;
                lastTotal = total;
                progressCalls++;
            };
        }
    }
}
