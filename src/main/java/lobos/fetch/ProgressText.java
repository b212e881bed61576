package lobos.fetch;

import java.util.Locale;

/** Byte counts, rates and times as people read them in progress output. */
final class ProgressText {
    private ProgressText() {}

    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    /** "512 B", "1.5 KiB", "12.3 MiB", "4.20 GiB". */
    static String bytes(long n) {
        if (n < KIB) return n + " B";
        if (n < MIB) return String.format(Locale.ROOT, "%.1f KiB", n / (double) KIB);
        if (n < GIB) return String.format(Locale.ROOT, "%.1f MiB", n / (double) MIB);
        return String.format(Locale.ROOT, "%.2f GiB", n / (double) GIB);
    }

    static String rate(double bytesPerSecond) {
        return bytes((long) bytesPerSecond) + "/s";
    }

    /** "0:07", "12:30", "1:02:03". */
    static String clock(long seconds) {
        long h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** What a transfer is called on screen: the last part of a URL's path ("vmlinuz"), or the whole text. */
    static String name(String what) {
        if (what == null || what.isEmpty()) return "download";
        String path = what;
        int query = path.indexOf('?');
        if (query >= 0) path = path.substring(0, query);
        if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? what : last;
    }

    /** Bytes per second between two points of a transfer; 0 before any time has passed. */
    static double rate(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes * 1e9 / nanos;
    }
}
