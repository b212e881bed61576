package lobos.shell;

import java.time.Duration;
import java.util.List;
import lobos.config.BootEntry;
import lobos.config.Menu;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The full-screen menu on a terminal: draws {@link MenuState} with {@link MenuRenderer}, feeds it
 * keys and time, follows the loader's menu as it changes, and carries out its actions (boot,
 * edit then boot, shell). Returns when the user asks for the shell or input ends.
 */
final class MenuScreen {
    enum Outcome { SHELL, END }

    private static final long TICK_MILLIS = 100;

    private final Session session;
    private final Terminal terminal;
    private final MenuRenderer renderer;

    MenuScreen(Session session) {
        this.session = session;
        this.terminal = session.terminal();
        this.renderer = new MenuRenderer(session.title());
    }

    Outcome show() {
        MenuState state = session.newMenuState();
        KeyMap<MenuState.Key> keys = keyMap(terminal);
        BindingReader bindings = new BindingReader(terminal.reader());
        Attributes saved = session.rawWithoutSignals();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        Display display = new Display(terminal, true);
        boolean inputEnded = false;
        session.screen(true);
        try {
            MenuState.Action action = state.start();
            long last = System.nanoTime();
            while (true) {
                switch (action) {
                    case MenuState.Action.None n -> {}
                    case MenuState.Action.Shell s -> {
                        return Outcome.SHELL;
                    }
                    case MenuState.Action.Boot b -> {
                        leave(display);
                        session.runner().boot(b.entry());
                        state.status(session.runner().lastError());
                        session.screen(true);
                        last = System.nanoTime();
                    }
                    case MenuState.Action.Edit e -> {
                        leave(display);
                        terminal.setAttributes(saved);
                        BootEntry edited = session.unlock("editing") ? edit(e.entry()) : null;
                        session.rawWithoutSignals();
                        if (edited != null) {
                            session.runner().boot(edited);
                            state.status(session.runner().lastError());
                        } else if (session.access().locked()) {
                            state.status(session.access().refusal("editing"));
                        }
                        session.screen(true);
                        last = System.nanoTime();
                    }
                }
                action = new MenuState.Action.None();
                Menu now = session.loader().menu();
                state.update(now);
                draw(display, state);
                if (inputEnded && state.remaining() == null) return Outcome.END;
                int c = inputEnded ? NonBlockingReader.READ_EXPIRED : bindings.peekCharacter(TICK_MILLIS);
                if (inputEnded) sleep(TICK_MILLIS);
                if (c == NonBlockingReader.EOF) {
                    inputEnded = true;
                } else if (c >= 0) {
                    MenuState.Key key = bindings.readBinding(keys, null, true);
                    action = state.key(key == null ? MenuState.Key.OTHER : key);
                }
                long nowNanos = System.nanoTime();
                if (action instanceof MenuState.Action.None) {
                    action = state.tick(Duration.ofNanos(nowNanos - last));
                }
                last = nowNanos;
            }
        } finally {
            // a console without an alternate screen (the Linux console, a serial line) would keep
            // the menu under the shell's first lines
            terminal.puts(Capability.clear_screen);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.setAttributes(saved);
            terminal.flush();
            session.screen(false);
        }
    }

    private void draw(Display display, MenuState state) {
        Size size = terminal.getSize();
        int rows = size.getRows() > 0 ? size.getRows() : 24;
        int columns = size.getColumns() > 0 ? size.getColumns() : 80;
        display.resize(rows, columns);
        List<AttributedString> lines = renderer.render(state, columns, rows);
        display.update(lines, size.cursorPos(Math.min(rows - 1, lines.size() - 1), 0));
    }

    /** Clears the screen for what a boot prints; the next draw repaints everything. */
    private void leave(Display display) {
        terminal.puts(Capability.clear_screen);
        terminal.flush();
        display.clear();
        display.reset();
        session.screen(false); // what was held while the menu was up comes now, on a clear screen
    }

    /** Asks for the kernel, initrds and command line, each pre-filled; null if the user gave up (Ctrl-C). */
    private BootEntry edit(BootEntry entry) {
        LineReader reader = session.reader();
        terminal.writer().println("Edit " + entry.title() + " (Enter keeps a line, Ctrl-C goes back to the menu)");
        try {
            String kernel = reader.readLine("kernel:  ", null, entry.kernel());
            String initrds = reader.readLine("initrds: ", null, String.join(" ", entry.initrds()));
            String cmdline = reader.readLine("cmdline: ", null, entry.cmdline() == null ? "" : entry.cmdline());
            return MenuState.edited(entry, kernel, initrds, cmdline);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    static KeyMap<MenuState.Key> keyMap(Terminal terminal) {
        KeyMap<MenuState.Key> keys = new KeyMap<>();
        bind(keys, terminal, MenuState.Key.UP, Capability.key_up, "k", "\033[A", "\033OA");
        bind(keys, terminal, MenuState.Key.DOWN, Capability.key_down, "j", "\033[B", "\033OB");
        bind(keys, terminal, MenuState.Key.OPEN, Capability.key_right, "l", "\033[C", "\033OC");
        bind(keys, terminal, MenuState.Key.BACK, Capability.key_left, "h", "\033[D", "\033OD", "\177", "\b");
        bind(keys, terminal, MenuState.Key.PAGE_UP, Capability.key_ppage, "\033[5~");
        bind(keys, terminal, MenuState.Key.PAGE_DOWN, Capability.key_npage, "\033[6~");
        bind(keys, terminal, MenuState.Key.HOME, Capability.key_home, "\033[H", "\033[1~", "g");
        bind(keys, terminal, MenuState.Key.END, Capability.key_end, "\033[F", "\033[4~", "G");
        bind(keys, terminal, MenuState.Key.ENTER, null, "\r", "\n");
        bind(keys, terminal, MenuState.Key.EDIT, null, "e");
        bind(keys, terminal, MenuState.Key.SHELL, null, "c");
        bind(keys, terminal, MenuState.Key.ESCAPE, null, "\033");
        keys.setNomatch(MenuState.Key.OTHER);
        keys.setUnicode(MenuState.Key.OTHER);
        keys.setAmbiguousTimeout(150);
        return keys;
    }

    private static void bind(KeyMap<MenuState.Key> keys, Terminal terminal, MenuState.Key key, Capability capability,
            String... sequences) {
        for (String s : sequences) keys.bind(key, s);
        if (capability != null) {
            String seq = KeyMap.key(terminal, capability);
            if (seq != null && !seq.isEmpty()) keys.bind(key, seq);
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
