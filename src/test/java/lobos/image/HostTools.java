package lobos.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the independent tools tests compare against (readelf, file, xz, lz4...). */
final class HostTools {
    private HostTools() {}

    /** Runs {@code command} with {@code input} on stdin and returns stdout; fails the test on a non-zero exit. */
    static byte[] run(byte[] input, String... command) {
        try {
            Path err = Files.createTempFile("lobos-tool", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
                Thread writer = Thread.ofVirtual().start(() -> {
                    try (var in = p.getOutputStream()) {
                        in.write(input);
                    } catch (IOException ignored) {
                        // the tool closed stdin early; its exit status tells
                    }
                });
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " timed out");
                }
                writer.join();
                if (p.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ": " + Files.readString(err));
                }
                return out;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + List.of(command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String text(String... command) {
        return new String(run(new byte[0], command), StandardCharsets.UTF_8);
    }
}
