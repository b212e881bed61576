package lobos.server;

import java.util.Locale;
import lobos.Wildcard;

/** Host name patterns of the node file: {@code *} any run of characters, {@code ?} one; case does not matter. */
final class Glob {
    private Glob() {}

    static boolean matches(String pattern, String text) {
        if (pattern == null || text == null) return false;
        return Wildcard.matches(pattern.toLowerCase(Locale.ROOT), text.toLowerCase(Locale.ROOT));
    }
}
