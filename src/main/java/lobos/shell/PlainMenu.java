package lobos.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.MenuItem;
import org.jline.utils.NonBlockingReader;

/**
 * The menu where no full screen can be drawn (TERM=dumb, a pipe, a log collector on the serial
 * line): a numbered list with each entry's origin, the same countdown (stopped by any input),
 * then one line: a number, a label or kernel command (as the shell takes it), {@code shell},
 * or Enter for the default. Without input the countdown still boots the default.
 */
final class PlainMenu {
    private static final long TICK_MILLIS = 100;

    private final Session session;
    private final PrintWriter out;
    private final NonBlockingReader in;

    PlainMenu(Session session) {
        this.session = session;
        this.out = session.out();
        this.in = session.terminal().reader();
    }

    MenuScreen.Outcome show() {
        boolean inputEnded = false;
        boolean countdown = true;
        while (true) {
            MenuState state = session.newMenuState();
            List<BootEntry> entries = print(state.top());
            if (countdown && state.remaining() != null) {
                BootEntry e = state.countdownEntry();
                out.println("Booting \"" + e.title() + "\" in " + (state.remaining().toMillis() + 999) / 1000
                        + " s; type anything to stop.");
                out.flush();
                MenuState.Action action = state.start();
                long last = System.nanoTime();
                while (action instanceof MenuState.Action.None && state.remaining() != null) {
                    int c = inputEnded ? NonBlockingReader.READ_EXPIRED : read(TICK_MILLIS);
                    if (c == NonBlockingReader.EOF) inputEnded = true;
                    if (inputEnded) sleep(TICK_MILLIS);
                    if (c >= 0) {
                        state.key(MenuState.Key.OTHER);
                        if (c != '\n' && c != '\r') pending.append((char) c);
                        break;
                    }
                    long now = System.nanoTime();
                    action = state.tick(java.time.Duration.ofNanos(now - last));
                    last = now;
                }
                countdown = false;
                if (action instanceof MenuState.Action.Boot b) {
                    session.runner().boot(b.entry());
                    continue;
                }
            }
            if (inputEnded) return MenuScreen.Outcome.END;
            out.print("Number, label or command (shell: the boot shell): ");
            out.flush();
            String line = readLine();
            if (line == null) {
                inputEnded = true;
                if (state.remaining() == null) return MenuScreen.Outcome.END;
                continue;
            }
            line = line.strip();
            if (line.equals("shell") || line.equals("c")) return MenuScreen.Outcome.SHELL;
            if (line.isEmpty()) {
                BootEntry def = state.top().defaultEntry();
                if (def != null) session.runner().boot(def);
            } else if (line.matches("[0-9]{1,6}") && Integer.parseInt(line) >= 1 && Integer.parseInt(line) <= entries.size()) {
                session.runner().boot(entries.get(Integer.parseInt(line) - 1));
            } else if (session.interpreter().run(line) == Interpreter.Next.EXIT) {
                return MenuScreen.Outcome.END;
            }
        }
    }

    private final StringBuilder pending = new StringBuilder();

    /** Prints the numbered list; returns the entries by number. */
    private List<BootEntry> print(Menu menu) {
        List<BootEntry> numbered = new ArrayList<>();
        out.println(session.title());
        if (menu.message() != null) out.println(menu.message().stripTrailing());
        print(menu, "", numbered, menu.defaultEntry());
        out.flush();
        return numbered;
    }

    private void print(Menu menu, String indent, List<BootEntry> numbered, BootEntry def) {
        for (MenuItem item : menu.items()) {
            switch (item) {
                case Menu m -> {
                    out.println(indent + "  " + m.title() + ":");
                    print(m, indent + "  ", numbered, def);
                }
                case BootEntry e -> {
                    if (e.hidden()) continue;
                    numbered.add(e);
                    out.println(indent + String.format("%3d) ", numbered.size()) + e.title()
                            + (def != null && e.id().equals(def.id()) ? " (default)" : "") + "  [" + MenuRenderer.origin(e) + "]");
                    for (String w : e.warnings()) out.println(indent + "       warning: " + w);
                }
            }
        }
    }

    private int read(long millis) {
        try {
            return in.read(millis);
        } catch (IOException e) {
            return NonBlockingReader.EOF;
        }
    }

    /** A line of input (what stopped the countdown begins it), or null when input ended. */
    private String readLine() {
        StringBuilder line = new StringBuilder(pending);
        pending.setLength(0);
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (IOException e) {
                c = NonBlockingReader.EOF;
            }
            if (c == NonBlockingReader.EOF) return line.isEmpty() ? null : line.toString();
            if (c == '\n' || c == '\r') return line.toString();
            line.append((char) c);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
