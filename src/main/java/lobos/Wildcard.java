package lobos;

/**
 * Patterns with {@code *} (any run of characters) and {@code ?} (one character), as host names
 * are written in known_hosts and in the manager's node file. Matched in one pass that backs up
 * only to the last {@code *} (at most pattern x text steps): as a regular expression a pattern
 * of many stars backtracks for minutes.
 */
public final class Wildcard {
    private Wildcard() {}

    public static boolean matches(String pattern, String text) {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.length()) {
            char c = p < pattern.length() ? pattern.charAt(p) : 0;
            if (p < pattern.length() && (c == '?' || (c != '*' && c == text.charAt(t)))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }
}
