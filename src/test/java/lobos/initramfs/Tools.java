package lobos.initramfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the real tools (GNU cpio, gzip, xz) the tests compare lobos with. */
final class Tools {
    private Tools() {}

    /** Runs {@code command} in {@code dir} with {@code stdin}, fails unless it exits 0, and returns its stdout. */
    static byte[] run(Path dir, byte[] stdin, String... command) throws IOException, InterruptedException {
        Path in = Files.createTempFile("lobos-stdin", "");
        Path out = Files.createTempFile("lobos-stdout", "");
        Path err = Files.createTempFile("lobos-stderr", "");
        try {
            Files.write(in, stdin);
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            int rc = p.waitFor();
            if (rc != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + rc + ": " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readAllBytes(out);
        } finally {
            for (Path f : List.of(in, out, err)) Files.deleteIfExists(f);
        }
    }

    /** Runs a shell command line (for pipes such as find | sort | cpio). */
    static byte[] shell(Path dir, String commandLine) throws IOException, InterruptedException {
        return run(dir, new byte[0], "sh", "-c", commandLine);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
