package lobos.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Consumer;
import java.io.PrintWriter;
import lobos.LobosException;
import lobos.config.BootEntry;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * One person at one terminal: the console, or an SSH session with a PTY. It shows the menu (full
 * screen, or a numbered list on a dumb terminal), and the boot shell when asked; both boot
 * through the {@link Loader}, which every session shares. It never ends on an error.
 */
public final class Session {
    /** Where a session runs: what {@code exit} means there and how programs reach the user. */
    public enum Place { CONSOLE, REMOTE }

    private final Loader loader;
    private final Terminal terminal;
    private final String title;
    private final Place place;
    private final Access access;
    private final PrintWriter out;
    private final BootRunner runner;
    private final Interpreter interpreter;
    /** Whether the countdown ran or was stopped: coming back from the shell must not start it again. */
    private boolean countdownOver;
    /** What the menu's status line says when it comes back (a refusal), or null. */
    private String status;
    /** The shell's history, kept while the user goes to the menu and back. */
    private final DefaultHistory history = new DefaultHistory();
    /** Told when the full-screen menu takes the terminal (true) and gives it back (false). */
    private Consumer<Boolean> screen = owned -> {};

    public Session(Loader loader, Terminal terminal, String title, Place place) {
        this.loader = loader;
        this.terminal = terminal;
        this.title = title;
        this.place = place;
        this.access = Access.of(loader.conf());
        this.out = terminal.writer();
        this.runner = new BootRunner(loader, out, new PrintStream(terminal.output(), true), this::ctrlC, this::gate);
        Interpreter.Runner programs = place == Place.CONSOLE ? ProgramRunners.console()
                : ProgramRunners.piped(terminal.input(), terminal.output());
        this.interpreter = new Interpreter(loader, access, out, this::boot, programs);
        // the console counts down; a person who logs in over SSH later must not find a countdown running
        this.countdownOver = place == Place.REMOTE;
    }

    /**
     * A session on the loader's console (stdin/stdout), as full a terminal as JLine can make of it.
     * A serial line reports no size: it is taken to be 80x24, the size every terminal has.
     */
    public static Session console(Loader loader, String title) throws IOException {
        Terminfo.install();
        Terminal terminal = TerminalBuilder.builder().system(true).name("console").build();
        Size size = terminal.getSize();
        if (size.getRows() <= 0 || size.getColumns() <= 0) terminal.setSize(new Size(80, 24));
        return new Session(loader, terminal, title, Place.CONSOLE);
    }

    /**
     * A zero countdown (kboot.conf's {@code delay=0}, GRUB's {@code timeout=0}) boots its entry
     * at once, before the console's terminal is set up: nobody could have pressed a key, and the
     * full-screen terminal took 1.2 s of such a boot under emulation (docs/performance.md). Its
     * loading cannot be cancelled with Ctrl-C. A successful boot does not return.
     *
     * @return why the boot failed, for the menu's status line ({@link #countdownEnded}); null
     *         when there was no zero countdown
     */
    public static String bootAtOnce(Loader loader, PrintStream console) {
        if (!(new MenuState(loader.menu()).start() instanceof MenuState.Action.Boot boot)) return null;
        BootRunner runner = new BootRunner(loader, new PrintWriter(console, true), console, BootRunner.Interrupts.NONE,
                BootRunner.Gate.untyped(loader, Access.of(loader.conf())));
        runner.boot(boot.entry());
        return runner.lastError();
    }

    /** The countdown ran before this session (a zero one, {@link #bootAtOnce}), with {@code status} as its outcome. */
    public Session countdownEnded(String status) {
        this.countdownOver = true;
        this.status = status;
        return this;
    }

    /**
     * A console session over plain streams, a dumb terminal: the numbered menu and line input
     * ({@code lobos init --dry-run}, tests).
     */
    public static Session plain(Loader loader, InputStream in, OutputStream out, String title) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(false).streams(in, out).type(Terminal.TYPE_DUMB)
                .name("console").build();
        return new Session(loader, terminal, title, Place.CONSOLE);
    }

    /**
     * Whom to tell when the full-screen menu takes the terminal ({@code true}) and gives it back
     * ({@code false}): on the console, whatever else writes there holds its lines meanwhile.
     */
    public Session onScreen(Consumer<Boolean> screen) {
        this.screen = screen;
        return this;
    }

    void screen(boolean owned) {
        screen.accept(owned);
    }

    public Terminal terminal() {
        return terminal;
    }

    public Interpreter interpreter() {
        return interpreter;
    }

    /**
     * Menu and shell until the user leaves (remote: {@code exit}; console: only when input
     * ends and nothing is left to wait for). A successful boot does not return.
     */
    public void run() {
        boolean dumb = isDumb(terminal);
        while (true) {
            try {
                MenuScreen.Outcome outcome = dumb ? new PlainMenu(this).show() : new MenuScreen(this).show();
                countdownOver = true;
                if (outcome == MenuScreen.Outcome.END) return;
                if (!unlock("the shell")) {
                    status = access.unlockable() ? "lobos: wrong password" : access.refusal("the shell");
                    continue;
                }
                Interpreter.Next next = new BootShell(this).run();
                // exit, or Ctrl-D: over SSH the session ends; on the console the menu comes back
                if (next != Interpreter.Next.MENU && place == Place.REMOTE) return;
            } catch (java.io.IOError e) {
                return; // the terminal is gone (an SSH client left)
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                out.println("lobos: internal error: " + e + " (please report it); back to the menu");
                out.flush();
            }
        }
    }

    /** No cursor addressing: TERM=dumb, or JLine found no terminal (input is a pipe or nothing). */
    static boolean isDumb(Terminal terminal) {
        String type = terminal.getType();
        return type == null || type.startsWith(Terminal.TYPE_DUMB);
    }

    DefaultHistory history() {
        return history;
    }

    /** A menu state for the loader's menu now; without the countdown once it ran or was stopped. */
    MenuState newMenuState() {
        MenuState state = new MenuState(loader.menu());
        if (countdownOver) state.stopCountdown();
        state.status(status);
        status = null;
        return state;
    }

    Loader loader() {
        return loader;
    }

    String title() {
        return title;
    }

    Access access() {
        return access;
    }

    PrintWriter out() {
        return out;
    }

    BootRunner runner() {
        return runner;
    }

    /**
     * In restricted mode, asks for the password (not echoed) before {@code what}; prints the
     * refusal and returns false when it is wrong or there is none.
     */
    boolean unlock(String what) {
        String refusal = refusal(what);
        if (refusal == null) return true;
        out.println(refusal);
        out.flush();
        return false;
    }

    /**
     * Null when {@code what} may go on: the session is not locked, or the user typed the password
     * now. Else the one line that says why not.
     */
    private String refusal(String what) {
        if (!access.locked()) return null;
        if (!access.unlockable()) return access.refusal(what);
        try {
            String password = reader().readLine("Password: ", LineReaderImpl.NULL_MASK);
            if (access.unlock(password)) return null;
            return "lobos: wrong password";
        } catch (UserInterruptException | EndOfFileException e) {
            out.println();
            return access.refusal(what);
        } catch (LobosException e) {
            return "lobos: kboot.conf's password=: " + e.getMessage();
        }
    }

    /**
     * Restricted mode's rule for entries (docs/shell.md): what the configs gave when the loader
     * started boots as it is; an entry of a disk that came later needs the password.
     */
    private String gate(BootEntry entry) {
        if (!access.locked() || loader.trusted(entry)) return null;
        return refusal("booting " + entry.id() + ", which came from a disk added after the loader started,");
    }

    /** A fresh line reader on this terminal (the shell keeps its own, with history and completion). */
    LineReader reader() {
        return LineReaderBuilder.builder().terminal(terminal).build();
    }

    /** Boots with the keys in raw mode, so that Ctrl-C reaches {@link #ctrlC} as a character. */
    void boot(BootEntry entry) {
        Attributes saved = rawWithoutSignals();
        try {
            runner.boot(entry);
        } finally {
            terminal.setAttributes(saved);
        }
    }

    /** Raw mode, and Ctrl-C a character instead of a signal; returns the attributes to restore. */
    Attributes rawWithoutSignals() {
        Attributes saved = terminal.enterRawMode();
        Attributes raw = terminal.getAttributes();
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        terminal.setAttributes(raw);
        return saved;
    }

    /** Whether the user pressed Ctrl-C; other keys stay for whoever reads next (typed ahead). */
    private boolean ctrlC(long millis) throws IOException, InterruptedException {
        int c = terminal.reader().peek(millis);
        if (c == 3) {
            terminal.reader().read();
            return true;
        }
        if (c >= 0) Thread.sleep(millis); // a key typed ahead: leave it, and do not spin on it
        return false;
    }
}
