package lobos.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;
import lobos.LobosException;
import lobos.config.BootEntry;
import lobos.fetch.Progress;
import lobos.fetch.ProgressBar;

/**
 * Boots an entry for a session: loads it on a thread of its own while the session's keys are
 * watched for Ctrl-C (which cancels the download or load and comes back), then starts it.
 * Whatever fails, including running out of memory, is one line and the session goes on.
 */
public final class BootRunner implements Interpreter.Booter {
    /** Tells whether the user pressed Ctrl-C, waiting at most {@code millis}. */
    public interface Interrupts {
        boolean pressed(long millis) throws IOException, InterruptedException;

        /** Nobody can press anything (an SSH exec channel): wait for the load. */
        Interrupts NONE = millis -> {
            Thread.sleep(millis);
            return false;
        };
    }

    /**
     * Decides whether an entry may boot in this session, asking for what it needs (restricted
     * mode's password); returns null to go on, or the one line that says why not.
     */
    @FunctionalInterface
    public interface Gate {
        String refusal(BootEntry entry);

        /** Everything may boot. */
        Gate OPEN = entry -> null;

        /**
         * Restricted mode where nobody can type a password (an SSH command): an entry the loader
         * does not trust ({@link Loader#trusted}) is refused.
         */
        static Gate untyped(Loader loader, Access access) {
            return entry -> !access.locked() || loader.trusted(entry) ? null
                    : access.refusal("booting " + entry.id() + ", which came from a disk added after the loader"
                            + " started,");
        }
    }

    private final Loader loader;
    private final PrintWriter out;
    private final PrintStream progressOut;
    private final Interrupts interrupts;
    private final Gate gate;
    private String lastError;

    public BootRunner(Loader loader, PrintWriter out, PrintStream progressOut, Interrupts interrupts, Gate gate) {
        this.loader = loader;
        this.out = out;
        this.progressOut = progressOut;
        this.interrupts = interrupts;
        this.gate = gate;
    }

    /** The one-line reason the last boot failed, or null. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void boot(BootEntry entry) {
        lastError = null;
        String refusal = gate.refusal(entry);
        if (refusal != null) {
            lastError = refusal;
            out.println(refusal);
            out.flush();
            return;
        }
        out.println("lobos: booting " + entry.id() + ": " + entry.kernel()
                + (interrupts == Interrupts.NONE ? "" : " (Ctrl-C cancels)"));
        out.flush();
        Cancel cancel = new Cancel();
        AtomicReference<Object> result = new AtomicReference<>();
        Progress progress = new ProgressBar(progressOut, System::nanoTime, null);
        Thread loading = Thread.ofVirtual().name("lobos-load").start(() -> {
            try {
                result.set(loader.load(entry, cancel, progress));
            } catch (Throwable t) {
                result.set(t);
            }
        });
        try {
            while (loading.isAlive()) {
                if (interrupts.pressed(100)) {
                    cancel.cancel();
                    loading.interrupt();
                    loading.join();
                    fail("cancelled loading " + entry.id());
                    return;
                }
            }
            loading.join();
        } catch (IOException | InterruptedException e) {
            cancel.cancel();
            loading.interrupt();
            fail("cancelled loading " + entry.id() + ": " + e.getMessage());
            return;
        }
        Object r = result.get();
        if (r instanceof Loader.Loaded loaded) {
            out.println("lobos: " + loaded.summary());
            out.flush();
            try {
                loader.execute(loaded);
                fail("cannot start " + entry.id() + ": the kernel did not start");
            } catch (Exception | OutOfMemoryError | StackOverflowError t) {
                fail("cannot start " + entry.id() + ": " + describe(t));
            }
        } else {
            fail("cannot boot " + entry.id() + ": " + describe((Throwable) r));
        }
    }

    private void fail(String message) {
        lastError = "lobos: " + message;
        out.println(lastError);
        out.flush();
    }

    static String describe(Throwable t) {
        return switch (t) {
            case null -> "nothing was loaded";
            case LobosException e -> e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")");
            case OutOfMemoryError e -> "out of memory (" + e.getMessage() + ")";
            case InterruptedException e -> "cancelled";
            case IOException e -> e.getMessage() == null ? e.toString() : e.getMessage();
            default -> t.toString();
        };
    }
}
