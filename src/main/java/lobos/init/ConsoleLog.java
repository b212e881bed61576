package lobos.init;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The loader's console output, passed through as it is and also kept, its last lines, for
 * the shell's {@code log} command: the banner, warnings and boot attempts of this boot. While
 * the full-screen menu owns the console, what init says (a disk that arrived, a lease renewed)
 * is held back instead of drawn over the menu, and written when the menu gives the screen back.
 */
final class ConsoleLog extends OutputStream {
    /** Enough for a boot's worth of messages; older lines are dropped. */
    static final int MAX_LINES = 2000;
    /** What is held back while the menu is up, at most; the rest is in the log only. */
    static final int MAX_HELD = 64 * 1024;

    private final OutputStream console;
    private final Deque<String> lines = new ArrayDeque<>();
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean holding;

    ConsoleLog(OutputStream console) {
        this.console = console;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (holding) {
            held.write(b, off, Math.max(0, Math.min(len, MAX_HELD - held.size())));
        } else {
            console.write(b, off, len);
        }
        for (int i = off; i < off + len; i++) keep(b[i]);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!holding) console.flush();
    }

    /**
     * Holds what is written from now on (the full-screen menu took the console), or writes what
     * was held and passes everything through again.
     */
    synchronized void hold(boolean on) {
        if (holding == on) return;
        holding = on;
        if (on) return;
        try {
            held.writeTo(console);
            console.flush();
        } catch (IOException e) {
            // the console is gone; the lines are in the log
        }
        held.reset();
    }

    /**
     * Keeps a line a session already showed its user (a boot attempt on the menu's console, or
     * over SSH) in this log and in the log the next kernel finds in pstore, without writing it
     * to the console again.
     */
    synchronized void note(String line) {
        lines.addLast(line);
        if (lines.size() > MAX_LINES) lines.removeFirst();
        lobos.kexec.SessionLog.record(line);
    }

    /** Whether lines are held back now (the full-screen menu has the console). */
    synchronized boolean holding() {
        return holding;
    }

    private void keep(int b) {
        if (b != '\n') {
            if (current.size() < 4096) current.write(b);
            return;
        }
        lines.addLast(current.toString(StandardCharsets.UTF_8));
        current.reset();
        if (lines.size() > MAX_LINES) lines.removeFirst();
    }

    /** The lines written so far (the last {@link #MAX_LINES}), oldest first. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
