package lobos.kexec;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What lobos said during this boot, kept in memory (the newest {@link #MAX_CHARS} characters)
 * so that {@link SurvivingLog} can leave it for the next kernel. {@link #tee} records a console
 * stream as it is written.
 */
public final class SessionLog {
    static final int MAX_CHARS = 256 << 10;

    private static final Deque<String> LINES = new ArrayDeque<>();
    private static int chars;

    private SessionLog() {}

    /** Records one line. */
    public static synchronized void record(String line) {
        LINES.addLast(line);
        chars += line.length() + 1;
        while (chars > MAX_CHARS && !LINES.isEmpty()) chars -= LINES.removeFirst().length() + 1;
    }

    public static synchronized List<String> lines() {
        return new ArrayList<>(LINES);
    }

    static synchronized void clear() {
        LINES.clear();
        chars = 0;
    }

    /** A stream that writes to {@code out} and records every complete line written through it. */
    public static PrintStream tee(PrintStream out) {
        return new PrintStream(new OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                out.write(b);
                take(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
                for (int i = off; i < off + len; i++) take(b[i]);
            }

            private void take(int b) {
                if (b == '\n') {
                    record(line.toString(StandardCharsets.UTF_8).replace("\r", ""));
                    line.reset();
                } else if (line.size() < 4096) {
                    line.write(b);
                }
            }

            @Override
            public void flush() {
                out.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
