package lobos.init;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Seconds since the kernel started, from /proc/uptime: the clock of boot timings. */
final class Uptime {
    private Uptime() {}

    static double now() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The uptime /init recorded just before it started the JVM, or NaN. */
    static double atInit() {
        try {
            return Double.parseDouble(System.getProperty("lobos.init.uptime", "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static String format(double seconds) {
        return Double.isNaN(seconds) ? "?" : String.format(java.util.Locale.ROOT, "%.2f s", seconds);
    }
}
