package lobos.fetch;

import java.util.function.LongSupplier;

/** What a progress display keeps of a transfer: its name, size, bytes so far, time and rate. */
final class Meter {
    private final LongSupplier nanoClock;
    private final String label;

    String name = "download";
    long total = Progress.UNKNOWN;
    long startNanos;
    long bytes;
    /** Bytes already there when this attempt started (a resume), or -1 before the first update. */
    private long baseBytes = -1;

    /**
     * @param nanoClock {@link System#nanoTime}, or a fake in tests
     * @param label     the name to show, or null for the last part of what {@link #start} names
     */
    Meter(LongSupplier nanoClock, String label) {
        this.nanoClock = nanoClock;
        this.label = label;
    }

    void start(String what, long total) {
        this.name = label != null ? label : ProgressText.name(what);
        this.total = total;
        this.startNanos = nanoClock.getAsLong();
        this.baseBytes = -1;
        this.bytes = 0;
    }

    /** Records {@code bytes}; true for the first update after start, which gives what an earlier attempt left. */
    boolean update(long bytes) {
        this.bytes = bytes;
        if (baseBytes >= 0) return false;
        baseBytes = bytes;
        return true;
    }

    long now() {
        return nanoClock.getAsLong();
    }

    /** Bytes per second of this attempt. */
    double rate(long now) {
        return ProgressText.rate(bytes - Math.max(baseBytes, 0), now - startNanos);
    }
}
