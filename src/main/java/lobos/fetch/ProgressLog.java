package lobos.fetch;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Progress as plain log lines, for a serial console or a log file: one when a transfer starts,
 * one at every tenth of it (or every ten seconds, whichever comes first) and one at the end
 * with size, time and rate.
 */
public final class ProgressLog implements Progress {
    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final String label;

    private String name = "download";
    private long total = UNKNOWN;
    private long startNanos;
    private long lastLineNanos;
    private long baseBytes = -1;
    private long bytes;
    private long lastTenth;

    /**
     * @param label     the name to show, or null for the last part of what {@link #start} names
     * @param nanoClock {@link System#nanoTime}, or a fake in tests
     */
    public ProgressLog(PrintStream out, LongSupplier nanoClock, String label) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.label = label;
    }

    @Override
    public void start(String what, long total) {
        this.name = label != null ? label : ProgressText.name(what);
        this.total = total;
        this.startNanos = nanoClock.getAsLong();
        this.lastLineNanos = startNanos;
        this.baseBytes = -1;
        this.bytes = 0;
        out.println("lobos: fetching " + name + (total == UNKNOWN ? "" : " (" + ProgressText.bytes(total) + ")"));
        out.flush();
    }

    @Override
    public void update(long bytes) {
        this.bytes = bytes;
        long tenth = total > 0 ? bytes * 10 / total : 0;
        if (baseBytes < 0) {
            // a resumed transfer starts part way: no lines for the tenths it already had
            baseBytes = bytes;
            lastTenth = tenth;
            return;
        }
        long now = nanoClock.getAsLong();
        if ((tenth > lastTenth && tenth < 10) || now - lastLineNanos >= INTERVAL_NANOS) {
            lastTenth = tenth;
            lastLineNanos = now;
            String rate = ProgressText.rate(rate(now));
            out.println(total > 0
                    ? "lobos: " + name + " " + bytes * 100 / total + "% (" + ProgressText.bytes(bytes) + " of "
                            + ProgressText.bytes(total) + ", " + rate + ")"
                    : "lobos: " + name + " " + ProgressText.bytes(bytes) + " (" + rate + ")");
            out.flush();
        }
    }

    @Override
    public void end(boolean ok) {
        long now = nanoClock.getAsLong();
        String time = ProgressText.seconds(now - startNanos);
        out.println(ok
                ? "lobos: fetched " + name + ": " + ProgressText.bytes(bytes) + " in " + time + " ("
                        + ProgressText.rate(rate(now)) + ")"
                : "lobos: fetching " + name + " failed after " + ProgressText.bytes(bytes) + " in " + time);
        out.flush();
    }

    private double rate(long now) {
        return ProgressText.rate(bytes - Math.max(baseBytes, 0), now - startNanos);
    }
}
