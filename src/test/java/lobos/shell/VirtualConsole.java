package lobos.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import org.jline.builtins.ScreenTerminal;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * A session on a JLine terminal whose keys the test types and whose output lands on a VT100
 * screen (JLine's ScreenTerminal) of the given size, as a serial console would show it.
 */
final class VirtualConsole implements AutoCloseable {
    final ScreenTerminal screen;
    final Terminal terminal;
    final Session session;
    private final PipedOutputStream keys = new PipedOutputStream();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final Thread thread;
    volatile boolean ended;

    VirtualConsole(Loader loader, String type, int columns, int rows, Session.Place place) throws IOException {
        screen = new ScreenTerminal(columns, rows);
        PipedInputStream in = new PipedInputStream(keys, 4096);
        OutputStream out = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                raw.write(b, off, len);
                screen.write(new String(b, off, len, StandardCharsets.ISO_8859_1));
            }
        };
        terminal = TerminalBuilder.builder().system(false).streams(in, out).type(type).size(new Size(columns, rows))
                .name("test").build();
        session = new Session(loader, terminal, "lobos 0.1.0", place);
        thread = Thread.ofPlatform().daemon().name("session").start(() -> {
            session.run();
            ended = true;
        });
    }

    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** The screen's lines without trailing blanks, joined with newlines, trailing empty lines dropped. */
    String screen() {
        StringBuilder s = new StringBuilder();
        for (String line : screen.toString().split("\n", -1)) s.append(line.stripTrailing()).append('\n');
        return s.toString().replaceAll("\n+$", "\n");
    }

    synchronized String output() {
        return raw.toString(StandardCharsets.ISO_8859_1);
    }

    /** Waits (up to 10 s) until the screen satisfies {@code test}; fails with the screen otherwise. */
    String awaitScreen(Predicate<String> test) throws InterruptedException {
        return await(this::screen, test);
    }

    String awaitOutput(Predicate<String> test) throws InterruptedException {
        return await(this::output, test);
    }

    private static String await(java.util.function.Supplier<String> what, Predicate<String> test) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String now = what.get();
        while (!test.test(now)) {
            if (System.nanoTime() > deadline) throw new AssertionError("not reached in 10 s; got:\n" + now);
            Thread.sleep(20);
            now = what.get();
        }
        return now;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        keys.close();
        terminal.close();
        thread.join(2000);
    }
}
