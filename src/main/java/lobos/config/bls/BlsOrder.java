package lobos.config.bls;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The menu order of the Boot Loader Specification ("Sorting"):
 * <ol>
 * <li>"bad" entries (boot counter at 0 tries left) after all others;</li>
 * <li>if both have a {@code sort-key}: by sort-key, then machine-id (both increasing, strcmp on
 *     UTF-8, an absent or empty string first), then version (decreasing, {@link VersionOrder});</li>
 * <li>an entry with a sort-key before one without;</li>
 * <li>finally by file name without the {@code .conf} suffix (decreasing, {@link VersionOrder}).</li>
 * </ol>
 */
public final class BlsOrder implements Comparator<BlsEntry> {
    public static final BlsOrder INSTANCE = new BlsOrder();

    private BlsOrder() {}

    @Override
    public int compare(BlsEntry a, BlsEntry b) {
        if (a.isBad() != b.isBad()) return a.isBad() ? 1 : -1;
        boolean ka = present(a.sortKey());
        boolean kb = present(b.sortKey());
        if (ka && kb) {
            int c = strcmp(a.sortKey(), b.sortKey());
            if (c != 0) return c;
            c = strcmp(a.machineId(), b.machineId());
            if (c != 0) return c;
            c = VersionOrder.compareVersions(b.version() == null ? "" : b.version(),
                    a.version() == null ? "" : a.version());
            if (c != 0) return c;
        } else if (ka != kb) {
            return ka ? -1 : 1;
        }
        return VersionOrder.compareVersions(stem(b.fileName()), stem(a.fileName()));
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }

    private static String stem(String fileName) {
        return fileName.endsWith(".conf") ? fileName.substring(0, fileName.length() - 5) : fileName;
    }

    /** strcmp on UTF-8 bytes (unsigned), an absent or empty string lowest. */
    static int strcmp(String x, String y) {
        boolean px = present(x);
        boolean py = present(y);
        if (!px || !py) return px == py ? 0 : px ? 1 : -1;
        return Integer.signum(Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
                y.getBytes(StandardCharsets.UTF_8)));
    }
}
