package lobos.fetch;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * A progress bar for a terminal: one line redrawn in place with "\r", at most ten times a
 * second: name, bar, bytes so far and total, rate and time left. With no known total it shows
 * bytes and rate only.
 */
public final class ProgressBar implements Progress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final Meter meter;
    private long lastDrawNanos;
    private int lastLength;

    /**
     * @param nanoClock {@link System#nanoTime}, or a fake in tests
     * @param label     the name to show, or null for the last part of what {@link #start} names
     */
    public ProgressBar(PrintStream out, LongSupplier nanoClock, String label) {
        this.out = out;
        this.meter = new Meter(nanoClock, label);
    }

    @Override
    public void start(String what, long total) {
        meter.start(what, total);
        lastLength = 0;
        draw(meter.startNanos, running(meter.startNanos));
    }

    @Override
    public void update(long bytes) {
        meter.update(bytes);
        long now = meter.now();
        if (now - lastDrawNanos >= REDRAW_NANOS) draw(now, running(now));
    }

    @Override
    public void end(boolean ok) {
        long now = meter.now();
        draw(now, ok ? "done in " + ProgressText.seconds(now - meter.startNanos) : "failed");
        out.print('\n');
        out.flush();
    }

    /** The last field while the transfer runs: the time left, when it can be told. */
    private String running(long now) {
        if (meter.total == UNKNOWN) return "";
        double rate = meter.rate(now);
        return rate > 0 ? "ETA " + ProgressText.clock((long) Math.ceil((meter.total - meter.bytes) / rate)) : "ETA --:--";
    }

    private void draw(long now, String last) {
        lastDrawNanos = now;
        StringBuilder line = new StringBuilder(meter.name);
        if (meter.total == UNKNOWN) {
            line.append("  ").append(ProgressText.bytes(meter.bytes));
        } else {
            int filled = meter.total <= 0 ? WIDTH : (int) Math.min(WIDTH, meter.bytes * WIDTH / meter.total);
            line.append(" [").append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("]  ")
                    .append(ProgressText.bytes(meter.bytes)).append(" / ").append(ProgressText.bytes(meter.total));
        }
        line.append("  ").append(ProgressText.rate(meter.rate(now)));
        if (!last.isEmpty()) line.append("  ").append(last);
        int length = line.length();
        // blank what is left of a longer line drawn before
        if (length < lastLength) line.append(" ".repeat(lastLength - length));
        lastLength = length;
        out.print("\r" + line);
        out.flush();
    }
}
