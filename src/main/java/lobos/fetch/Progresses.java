package lobos.fetch;

import java.io.Console;

/** Picks how progress is shown. */
public final class Progresses {
    private Progresses() {}

    /**
     * A {@link ProgressBar} on standard error when lobos runs on a terminal, {@link ProgressLog}
     * lines otherwise (a serial console read by a log collector, a pipe, a file).
     *
     * @param what the name to show, or null for the last part of the URL
     */
    public static Progress forConsole(String what) {
        Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        return terminal ? new ProgressBar(System.err, System::nanoTime, what) : new ProgressLog(System.err, System::nanoTime, what);
    }
}
