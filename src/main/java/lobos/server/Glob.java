package lobos.server;

import java.util.Locale;

/** Host name patterns of the node file: {@code *} any run of characters, {@code ?} one; case does not matter. */
final class Glob {
    private Glob() {}

    /**
     * Matched in one pass that backs up only to the last {@code *} (at most pattern x text
     * steps): a pattern such as {@code n****...o*} as a regular expression backtracked for
     * minutes (fuzzing finding).
     */
    static boolean matches(String pattern, String text) {
        if (pattern == null || text == null) return false;
        String p = pattern.toLowerCase(Locale.ROOT), t = text.toLowerCase(Locale.ROOT);
        int pi = 0, ti = 0, star = -1, resume = 0;
        while (ti < t.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || (p.charAt(pi) != '*' && p.charAt(pi) == t.charAt(ti)))) {
                pi++;
                ti++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                resume = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++resume;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') pi++;
        return pi == p.length();
    }
}
