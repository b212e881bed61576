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
    private final Meter meter;
    private long lastLineNanos;
    private long lastTenth;

    /**
     * @param nanoClock {@link System#nanoTime}, or a fake in tests
     * @param label     the name to show, or null for the last part of what {@link #start} names
     */
    public ProgressLog(PrintStream out, LongSupplier nanoClock, String label) {
        this.out = out;
        this.meter = new Meter(nanoClock, label);
    }

    @Override
    public void start(String what, long total) {
        meter.start(what, total);
        lastLineNanos = meter.startNanos;
        print("lobos: fetching " + meter.name + (total == UNKNOWN ? "" : " (" + ProgressText.bytes(total) + ")"));
    }

    @Override
    public void update(long bytes) {
        long total = meter.total;
        long tenth = total > 0 ? bytes * 10 / total : 0;
        if (meter.update(bytes)) {
            lastTenth = tenth; // a resumed transfer starts part way: no lines for the tenths it already had
            return;
        }
        long now = meter.now();
        if ((tenth > lastTenth && tenth < 10) || now - lastLineNanos >= INTERVAL_NANOS) {
            lastTenth = tenth;
            lastLineNanos = now;
            String rate = ProgressText.rate(meter.rate(now));
            print(total > 0
                    ? "lobos: " + meter.name + " " + bytes * 100 / total + "% (" + ProgressText.bytes(bytes) + " of "
                            + ProgressText.bytes(total) + ", " + rate + ")"
                    : "lobos: " + meter.name + " " + ProgressText.bytes(bytes) + " (" + rate + ")");
        }
    }

    @Override
    public void end(boolean ok) {
        long now = meter.now();
        String size = ProgressText.bytes(meter.bytes);
        String time = ProgressText.seconds(now - meter.startNanos);
        print(ok ? "lobos: fetched " + meter.name + ": " + size + " in " + time + " (" + ProgressText.rate(meter.rate(now)) + ")"
                : "lobos: fetching " + meter.name + " failed after " + size + " in " + time);
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }
}
