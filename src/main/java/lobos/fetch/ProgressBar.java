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
    private final LongSupplier nanoClock;
    private final String label;

    private String name = "download";
    private long total = UNKNOWN;
    private long startNanos;
    private long lastDrawNanos;
    /** Bytes already there when this attempt started (a resume), or -1 before the first update. */
    private long baseBytes = -1;
    private long bytes;
    private int lastLength;

    /**
     * @param label     the name to show, or null for the last part of what {@link #start} names
     * @param nanoClock {@link System#nanoTime}, or a fake in tests
     */
    public ProgressBar(PrintStream out, LongSupplier nanoClock, String label) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.label = label;
    }

    @Override
    public void start(String what, long total) {
        this.name = label != null ? label : ProgressText.name(what);
        this.total = total;
        this.startNanos = nanoClock.getAsLong();
        this.baseBytes = -1;
        this.bytes = 0;
        this.lastLength = 0;
        draw(startNanos, running(startNanos));
    }

    @Override
    public void update(long bytes) {
        if (baseBytes < 0) baseBytes = bytes;
        this.bytes = bytes;
        long now = nanoClock.getAsLong();
        if (now - lastDrawNanos >= REDRAW_NANOS) draw(now, running(now));
    }

    @Override
    public void end(boolean ok) {
        long now = nanoClock.getAsLong();
        draw(now, ok ? "done in " + ProgressText.seconds(now - startNanos) : "failed");
        out.print('\n');
        out.flush();
    }

    private double rate(long now) {
        return ProgressText.rate(bytes - Math.max(baseBytes, 0), now - startNanos);
    }

    /** The last field while the transfer runs: the time left, when it can be told. */
    private String running(long now) {
        if (total == UNKNOWN) return "";
        double rate = rate(now);
        return rate > 0 ? "ETA " + ProgressText.clock((long) Math.ceil((total - bytes) / rate)) : "ETA --:--";
    }

    private void draw(long now, String last) {
        lastDrawNanos = now;
        StringBuilder line = new StringBuilder(name);
        if (total == UNKNOWN) {
            line.append("  ").append(ProgressText.bytes(bytes));
        } else {
            int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, bytes * WIDTH / total);
            line.append(" [").append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("]  ")
                    .append(ProgressText.bytes(bytes)).append(" / ").append(ProgressText.bytes(total));
        }
        line.append("  ").append(ProgressText.rate(rate(now)));
        if (!last.isEmpty()) line.append("  ").append(last);
        int length = line.length();
        // blank what is left of a longer line drawn before
        if (length < lastLength) line.append(" ".repeat(lastLength - length));
        lastLength = length;
        out.print("\r" + line);
        out.flush();
    }
}
