package lobos.config.bls;

/**
 * fnmatch(3)-style glob matching without flags: {@code *} any run, {@code ?} one character,
 * {@code [abc]}, {@code [a-z]}, {@code [!x]} or {@code [^x]} one character from a set, backslash
 * quotes the next character. Linear backtracking on the last '*', so time is at most
 * pattern length × text length.
 */
final class Glob {
    private Glob() {}

    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = -1;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = ++p;
                starT = t;
                continue;
            }
            int next = p < pattern.length() ? one(pattern, p, text.charAt(t)) : -1;
            if (next >= 0) {
                p = next;
                t++;
            } else if (starP >= 0) {
                p = starP;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }

    /** If the pattern element at {@code p} matches {@code c}: the index after it, else -1. */
    private static int one(String pattern, int p, char c) {
        char pc = pattern.charAt(p);
        if (pc == '?') return p + 1;
        if (pc == '\\' && p + 1 < pattern.length()) return pattern.charAt(p + 1) == c ? p + 2 : -1;
        if (pc == '[') {
            int i = p + 1;
            boolean negate = i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^');
            if (negate) i++;
            boolean hit = false;
            boolean first = true;
            while (i < pattern.length() && (pattern.charAt(i) != ']' || first)) {
                char lo = pattern.charAt(i);
                char hi = lo;
                if (i + 2 < pattern.length() && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                    hi = pattern.charAt(i + 2);
                    i += 2;
                }
                if (lo <= c && c <= hi) hit = true;
                i++;
                first = false;
            }
            if (i >= pattern.length()) return pc == c ? p + 1 : -1; // no closing ']': a literal '['
            return hit != negate ? i + 1 : -1;
        }
        return pc == c ? p + 1 : -1;
    }
}
