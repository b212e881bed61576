package lobos.fetch;

import java.time.Duration;
import java.util.function.LongSupplier;

/** When a download (all its attempts and the waits between them) must be over. */
final class Deadline {
    private final Duration total;
    private final LongSupplier clock;
    private final long end;

    /** @param clock nanoseconds, as System.nanoTime() */
    Deadline(Duration total, LongSupplier clock) {
        this.total = total;
        this.clock = clock;
        this.end = clock.getAsLong() + total.toNanos();
    }

    Duration left() {
        return Duration.ofNanos(Math.max(0, end - clock.getAsLong()));
    }

    boolean passed() {
        return end - clock.getAsLong() <= 0;
    }

    /** The failure for a download of {@code what} that ran out of time with {@code sink} holding what came. */
    FetchException exceeded(String what, Sink sink) {
        String got = "";
        if (sink != null) {
            try {
                got = " (" + sink.size() + " bytes had come)";
            } catch (java.io.IOException e) {
                // the size is only a detail of the message
            }
        }
        return new FetchException("fetching " + what + " took longer than its deadline of " + Transfer.duration(total) + got,
                "the server or the network is too slow: fetch from a nearer server, or give more time (--deadline)", false);
    }
}
