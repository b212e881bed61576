package lobos.config.bls;

import java.util.Comparator;

/**
 * The version comparison of the UAPI Version Format Specification, which the Boot Loader
 * Specification uses to order entries (the algorithm of {@code systemd-analyze compare-versions},
 * based on rpm's rpmvercmp). Both strings are walked in steps:
 * <ol>
 * <li>characters other than {@code a-z A-Z 0-9 - . ~ ^} are skipped in both;</li>
 * <li>{@code ~} sorts lower than anything, even the end of the string (a pre-release:
 *     {@code 123~rc1 < 123}); two {@code ~} are skipped;</li>
 * <li>if a string has ended, the other, which has characters left, is higher;</li>
 * <li>{@code -} sorts lower than what the other string has there; two are skipped;</li>
 * <li>then {@code ^} likewise (so {@code 123 < 123^p1 < 123.1}); two are skipped;</li>
 * <li>then {@code .} likewise; two are skipped. These three checks follow each other within one
 *     round, as the spec lists them: after two skipped {@code -} an ended string meets the
 *     other's {@code ^} ({@code 53- > 53-^1}), as in systemd;</li>
 * <li>if either starts with a digit, the leading numbers are compared as numbers (leading zeros
 *     ignored); a string without a number there is lower. The spec's text says an absent number
 *     "evaluates as 0", which differs only against a number made of zeros ({@code a} vs
 *     {@code 0}); lobos follows {@code systemd-analyze compare-versions}, the implementation the
 *     spec names, and rpm: digits always beat no digits;</li>
 * <li>otherwise the leading runs of letters are compared letter by letter, in ASCII order
 *     (capitals first), a run that ends first is lower.</li>
 * </ol>
 */
public final class VersionOrder implements Comparator<String> {
    public static final VersionOrder INSTANCE = new VersionOrder();

    private VersionOrder() {}

    @Override
    public int compare(String a, String b) {
        return compareVersions(a == null ? "" : a, b == null ? "" : b);
    }

    /** Negative if {@code a} is the older version, positive if it is newer, 0 if they are equal. */
    public static int compareVersions(String a, String b) {
        int i = 0;
        int j = 0;
        while (true) {
            while (i < a.length() && !valid(a.charAt(i))) i++;
            while (j < b.length() && !valid(b.charAt(j))) j++;

            int s = special(a, i, b, j, '~');
            if (s != 2 && s != 0) return s;
            if (s == 2) {
                i++;
                j++;
            }
            boolean aEnd = i >= a.length();
            boolean bEnd = j >= b.length();
            if (aEnd || bEnd) return aEnd == bEnd ? 0 : aEnd ? -1 : 1;

            // the separators are looked at one after the other, without going back to the start
            for (char c : new char[] {'-', '^', '.'}) {
                s = special(a, i, b, j, c);
                if (s != 2 && s != 0) return s;
                if (s == 2) {
                    i++;
                    j++;
                }
            }

            if (digit(a, i) || digit(b, j)) {
                int ea = i;
                while (digit(a, ea)) ea++;
                int eb = j;
                while (digit(b, eb)) eb++;
                if ((ea == i) != (eb == j)) return ea == i ? -1 : 1; // digits beat no digits, even zeros
                int c = compareNumbers(a.substring(i, ea), b.substring(j, eb));
                if (c != 0) return c;
                i = ea;
                j = eb;
                continue;
            }
            while (true) {
                boolean la = i < a.length() && isLetter(a.charAt(i));
                boolean lb = j < b.length() && isLetter(b.charAt(j));
                if (!la || !lb) {
                    if (la != lb) return la ? 1 : -1;
                    break;
                }
                if (a.charAt(i) != b.charAt(j)) return a.charAt(i) < b.charAt(j) ? -1 : 1;
                i++;
                j++;
            }
        }
    }

    private static boolean digit(String s, int i) {
        return i < s.length() && isDigit(s.charAt(i));
    }

    /**
     * For a separator character {@code c}: 0 if neither string has it here, 2 if both have it
     * (skip), else -1 or 1 so that the string that has it compares lower.
     */
    private static int special(String a, int i, String b, int j, char c) {
        boolean x = i < a.length() && a.charAt(i) == c;
        boolean y = j < b.length() && b.charAt(j) == c;
        if (x && y) return 2;
        if (x) return -1;
        if (y) return 1;
        return 0;
    }

    private static int compareNumbers(String x, String y) {
        x = stripZeros(x);
        y = stripZeros(y);
        if (x.length() != y.length()) return x.length() < y.length() ? -1 : 1;
        int c = x.compareTo(y);
        return Integer.signum(c);
    }

    private static String stripZeros(String s) {
        int k = 0;
        while (k < s.length() && s.charAt(k) == '0') k++;
        return s.substring(k);
    }

    private static boolean valid(char c) {
        return isDigit(c) || isLetter(c) || c == '-' || c == '.' || c == '~' || c == '^';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
