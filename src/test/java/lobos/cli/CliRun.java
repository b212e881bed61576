package lobos.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Runs lobos commands in-process with System.out captured; the tests of commands that print use it. */
final class CliRun {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    /** Runs {@code args} and returns the exit code. */
    int run(String... args) {
        PrintStream saved = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(stderr, true));
            return cl.execute(args);
        } finally {
            System.setOut(saved);
        }
    }

    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    /** What picocli printed to its error stream (usage errors, and the error a command failed with). */
    String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
