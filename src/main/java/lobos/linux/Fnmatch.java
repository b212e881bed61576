package lobos.linux;

/**
 * fnmatch(3) with no flags, in the C locale: how kmod's modprobe matches a device's modalias
 * against module alias patterns ({@code fnmatch(alias, modalias, 0)} in libkmod-index.c).
 * {@code *} matches any string ('/' and a leading '.' included), {@code ?} one character,
 * {@code [...]} one of a set ({@code !} or {@code ^} negates; ranges; {@code [:class:]},
 * and the C locale's one-character {@code [.x.]} and {@code [=x=]}), and {@code \} quotes the
 * next character. Malformed patterns behave as in glibc 2.36 (which a fuzz test compares with):
 * an unterminated {@code [} is a literal '[', a trailing {@code \} matches nothing, an unknown
 * class name fails the match.
 *
 * <p>Each element but {@code *} matches exactly one character, so backtracking to the last
 * {@code *} is enough: linear in the string for each star, never exponential.
 */
final class Fnmatch {
    private Fnmatch() {}

    private static final int NO_MATCH = -1, UNTERMINATED = -2;
    /** glibc's CHAR_CLASS_MAX_LENGTH: a longer name in [:...:] fails the match. */
    private static final int CLASS_NAME_MAX = 256;

    static boolean matches(String pattern, String string) {
        int p = 0, n = 0, starP = -1, starN = -1;
        while (true) {
            if (p < pattern.length()) {
                if (pattern.charAt(p) == '*') {
                    starP = ++p;
                    starN = n;
                    continue;
                }
                if (n < string.length()) {
                    int next = one(pattern, p, string.charAt(n));
                    if (next >= 0) {
                        p = next;
                        n++;
                        continue;
                    }
                }
            } else if (n == string.length()) {
                return true;
            }
            if (starP < 0 || starN >= string.length()) return false;
            n = ++starN;
            p = starP;
        }
    }

    /** Matches the element at {@code p} against one character: the index after the element, or NO_MATCH. */
    private static int one(String pat, int p, char ch) {
        char c = pat.charAt(p);
        return switch (c) {
            case '?' -> p + 1;
            case '\\' -> p + 1 < pat.length() && pat.charAt(p + 1) == ch ? p + 2 : NO_MATCH;
            case '[' -> {
                int r = bracket(pat, p, ch);
                yield r == UNTERMINATED ? (ch == '[' ? p + 1 : NO_MATCH) : r;
            }
            default -> c == ch ? p + 1 : NO_MATCH;
        };
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    /** A bracket expression starting at {@code start} (its '['), as glibc's fnmatch_loop.c reads it. */
    private static int bracket(String pat, int start, char fn) {
        int p = start + 1;
        boolean not = at(pat, p) == '!' || at(pat, p) == '^';
        if (not) p++;
        char c = at(pat, p++);
        while (true) {
            char cold;
            if (c == '\\') {
                if (at(pat, p) == '\0') return NO_MATCH;
                c = at(pat, p++);
            } else if (c == '[' && at(pat, p) == ':') {
                int startp = p;
                StringBuilder name = new StringBuilder();
                boolean isClass = true;
                while (true) {
                    if (name.length() == CLASS_NAME_MAX) return NO_MATCH;
                    c = at(pat, ++p);
                    if (c == ':' && at(pat, p + 1) == ']') {
                        p += 2;
                        break;
                    }
                    if (c < 'a' || c >= 'z') { // glibc's test: no class name has a 'z'
                        p = startp;
                        c = '[';
                        isClass = false;
                        break;
                    }
                    name.append(c);
                }
                if (isClass) {
                    Boolean in = inClass(name.toString(), fn);
                    if (in == null) return NO_MATCH;
                    if (in) return skipRest(pat, p, not);
                    c = at(pat, p++);
                    if (c == ']') break;
                    continue;
                }
            } else if (c == '[' && at(pat, p) == '=') {
                int startp = p;
                char x = at(pat, ++p);
                if (x != '\0' && at(pat, p + 1) == '=' && at(pat, p + 2) == ']') {
                    p += 3;
                    if (fn == x) return skipRest(pat, p, not);
                    c = at(pat, p++);
                    if (c == ']') break;
                    continue;
                }
                p = startp;
                c = '[';
            } else if (c == '\0') {
                return UNTERMINATED;
            } else if (c == '[' && at(pat, p) == '.') {
                int end = collatingEnd(pat, p);
                // the C locale names no multi-character elements
                if (end < 0 || end - p - 3 != 1) return NO_MATCH;
                char symbol = at(pat, p + 1);
                p = end;
                boolean isRange = at(pat, p) == '-' && at(pat, p + 1) != '\0';
                if (!isRange && fn == symbol) return skipRest(pat, p, not);
                cold = symbol;
                c = at(pat, p++);
                Range r = range(pat, p, c, cold, fn, not);
                if (r != null) {
                    if (r.done()) return r.result();
                    p = r.result(); // not in the range: go on after it
                    c = at(pat, p++);
                }
                if (c == ']') break;
                continue;
            }
            // normal_bracket: c is a plain character
            boolean isRange = at(pat, p) == '-' && at(pat, p + 1) != '\0' && at(pat, p + 1) != ']';
            if (!isRange && c == fn) return skipRest(pat, p, not);
            cold = c;
            c = at(pat, p++);
            Range r = range(pat, p, c, cold, fn, not);
            if (r != null) {
                if (r.done()) return r.result();
                p = r.result();
                c = at(pat, p++);
            }
            if (c == ']') break;
        }
        return not ? p : NO_MATCH;
    }

    /** The end of a collating symbol "[.x.]" whose '.' is at {@code dot}: the index after its ']', or -1 if none. */
    private static int collatingEnd(String pat, int dot) {
        for (int p = dot + 1; ; p++) {
            char d = at(pat, p);
            if (d == '.' && at(pat, p + 1) == ']') return p + 2;
            if (d == '\0') return -1;
        }
    }

    /**
     * A range's outcome: {@code done} with the bracket's result (matched, NO_MATCH, UNTERMINATED),
     * or not done, {@code result} being where the bracket goes on after the range.
     */
    private record Range(boolean done, int result) {}

    /** If {@code c} (just read, {@code p} after it) starts a range from {@code cold}: its outcome; else null. */
    private static Range range(String pat, int p, char c, char cold, char fn, boolean not) {
        if (c != '-' || at(pat, p) == ']') return null;
        char cend = at(pat, p++);
        if (cend == '[' && at(pat, p) == '.') {
            int end = collatingEnd(pat, p);
            if (end < 0 || end - p - 3 != 1) return new Range(true, NO_MATCH);
            cend = at(pat, p + 1);
            p = end;
        } else {
            if (cend == '\\') cend = at(pat, p++);
            if (cend == '\0') return new Range(true, NO_MATCH);
        }
        if (cold <= fn && fn <= cend) return new Range(true, skipRest(pat, p, not));
        return new Range(false, p);
    }

    /**
     * After a match inside [...]: skips to its ']' and returns the index after it (NO_MATCH if
     * negated, UNTERMINATED if there is no ']').
     */
    private static int skipRest(String pat, int p, boolean not) {
        char c;
        while ((c = at(pat, p++)) != ']') {
            if (c == '\0') return UNTERMINATED; // glibc 2.36: the '[' was a literal after all
            if (c == '\\') {
                if (at(pat, p) == '\0') return NO_MATCH;
                p++;
            } else if (c == '[' && at(pat, p) == ':') {
                int startp = p;
                int length = 0;
                while (true) {
                    c = at(pat, ++p);
                    if (++length == CLASS_NAME_MAX) return NO_MATCH;
                    if (at(pat, p) == ':' && at(pat, p + 1) == ']') break;
                    if (c < 'a' || c >= 'z') {
                        p = startp - 2;
                        break;
                    }
                }
                p += 2;
            } else if (c == '[' && at(pat, p) == '=') {
                c = at(pat, ++p);
                if (c == '\0') return NO_MATCH;
                c = at(pat, ++p);
                if (c != '=' || at(pat, p + 1) != ']') return NO_MATCH;
                p += 2;
            } else if (c == '[' && at(pat, p) == '.') {
                while (true) {
                    c = at(pat, ++p);
                    if (c == '\0') return NO_MATCH;
                    if (c == '.' && at(pat, p + 1) == ']') break;
                }
                p += 2;
            }
        }
        return not ? NO_MATCH : p;
    }

    /** Whether {@code c} is in the C locale's class {@code name}; null for a name that is no class. */
    private static Boolean inClass(String name, char c) {
        boolean upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
        boolean graph = c >= 33 && c <= 126;
        return switch (name) {
            case "alnum" -> upper || lower || digit;
            case "alpha" -> upper || lower;
            case "blank" -> c == ' ' || c == '\t';
            case "cntrl" -> c < 32 || c == 127;
            case "digit" -> digit;
            case "graph" -> graph;
            case "lower" -> lower;
            case "print" -> graph || c == ' ';
            case "punct" -> graph && !(upper || lower || digit);
            case "space" -> c == ' ' || c >= 9 && c <= 13;
            case "upper" -> upper;
            case "xdigit" -> digit || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            default -> null;
        };
    }
}
