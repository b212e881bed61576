package lobos.netboot;

import java.io.IOException;

/** Reads small text files (configs, scripts) by URL for the network boot. A seam for tests. */
public interface TextSource {
    /** What a read found. */
    sealed interface Text {}

    record Found(byte[] bytes) implements Text {
        /** The bytes as UTF-8 text (bad sequences replaced). */
        public String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The server has no such file. */
    record Missing() implements Text {}

    /** The file is larger than a config would be: a kernel or another binary. */
    record TooLarge() implements Text {}

    /** Reads {@code url}; other failures (server unreachable, timeout) throw. */
    Text read(String url) throws IOException;
}
