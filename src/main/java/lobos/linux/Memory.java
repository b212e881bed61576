package lobos.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How much memory the kernel says is free for new data (/proc/meminfo). */
public final class Memory {
    private Memory() {}

    /** MemAvailable in bytes, or {@code fallback} if the kernel does not say. */
    public static long available(long fallback) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return fallback;
    }
}
