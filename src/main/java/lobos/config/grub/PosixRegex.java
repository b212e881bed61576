package lobos.config.grub;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * GRUB's {@code regexp} patterns on RE2/J, which runs in time linear in the input (no
 * backtracking: {@code ^(.*a){20}$} cannot hang the loader). GRUB compiles with gnulib's
 * {@code regcomp(..., REG_EXTENDED)} (grub-core/commands/regexp.c), POSIX extended syntax with
 * GNU's additions, and matches leftmost-longest; this class rewrites such a pattern into RE2's
 * syntax, which differs in these places:
 * <ul>
 * <li>Inside a bracket expression a backslash is an ordinary character ({@code [\]} is one
 *     backslash); {@code ]} first is literal; {@code [[:alpha:]]} classes are kept;
 *     {@code [[.c.]]} and {@code [[=c=]]} of one character are that character.</li>
 * <li>Outside brackets, {@code \w \W \s \S \b \B} keep their GNU meaning, {@code \`} and
 *     {@code \'} are the start and end of the string; any other escaped character is itself
 *     ({@code \d} is the letter d, and {@code \1} the digit 1: POSIX extended syntax has no back
 *     references). {@code \<} and {@code \>} (word start and end) have no RE2 equivalent and are
 *     refused.</li>
 * <li>A repetition of a repetition ({@code a*?}, {@code a+*}) repeats the whole: in RE2
 *     {@code *?} would be a lazy star.</li>
 * <li>A {@code {} that does not start a valid interval is an ordinary character.</li>
 * <li>{@code .} matches a newline (no {@code REG_NEWLINE}), and the match is the leftmost-longest
 *     one ({@link Pattern#LONGEST_MATCH}). Submatches follow RE2's rules, which differ from
 *     POSIX's only where several longest matches split differently into groups.</li>
 * </ul>
 */
final class PosixRegex {
    /** Longer patterns are refused; GRUB configs use patterns of a few dozen characters. */
    static final int MAX_PATTERN = 1024;
    /**
     * The largest product of nested counted repetitions ({@code ((a{20}){20}){3}} is 1,200). RE2/J
     * copies a repeated expression once per count, and its matcher recurses through the copies:
     * RE2 itself (C++) refuses such nesting above 1,000 for the same reason.
     */
    static final int MAX_REPEAT_PRODUCT = 1000;

    private PosixRegex() {}

    /** Compiles a POSIX extended pattern; a message in GRUB's terms if it is not one RE2 can run. */
    static Pattern compile(String posix) {
        if (posix.length() > MAX_PATTERN) {
            throw new ScriptError("regexp: pattern longer than " + MAX_PATTERN + " characters");
        }
        String re2 = translate(posix);
        try {
            return Pattern.compile(re2, Pattern.DOTALL | Pattern.LONGEST_MATCH);
        } catch (PatternSyntaxException e) {
            throw new ScriptError("regexp: invalid pattern '" + posix + "': " + e.getDescription());
        }
    }

    /** The RE2 spelling of a POSIX extended pattern. */
    static String translate(String p) {
        StringBuilder out = new StringBuilder(p.length() + 16);
        Deque<Integer> groups = new ArrayDeque<>();
        // the largest product of counted repetitions inside each open group, and in the last atom
        Deque<Integer> weights = new ArrayDeque<>();
        weights.push(1);
        int weight = 1;
        int atom = -1; // where the last atom starts in out, -1 where a repetition has nothing to repeat
        boolean repeated = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (++i == p.length()) throw invalid(p, "trailing backslash");
                    char e = p.charAt(i);
                    int start = out.length();
                    switch (e) {
                        case 'w', 'W', 's', 'S' -> out.append('\\').append(e);
                        case 'b', 'B' -> {
                            out.append('\\').append(e);
                            start = -1;
                        }
                        case '`' -> {
                            out.append("\\A");
                            start = -1;
                        }
                        case '\'' -> {
                            out.append("\\z");
                            start = -1;
                        }
                        case '<', '>' -> throw invalid(p, "\\" + e + " (word start or end) is not supported by lobos");
                        default -> literal(out, e);
                    }
                    atom = start;
                    weight = 1;
                    repeated = false;
                }
                case '[' -> {
                    atom = out.length();
                    i = bracket(p, i, out);
                    weight = 1;
                    repeated = false;
                }
                case '(' -> {
                    groups.push(out.length());
                    weights.push(1);
                    out.append('(');
                    atom = -1;
                    repeated = false;
                }
                case ')' -> {
                    if (groups.isEmpty()) throw invalid(p, "unmatched )");
                    out.append(')');
                    atom = groups.pop();
                    weight = weights.pop();
                    weights.push(Math.max(weights.pop(), weight));
                    repeated = false;
                }
                case '*', '+', '?' -> {
                    if (atom < 0) throw invalid(p, "'" + c + "' repeats nothing");
                    if (repeated) out.insert(atom, "(?:").append(')');
                    out.append(c);
                    repeated = true;
                }
                case '{' -> {
                    int end = interval(p, i);
                    if (end < 0) {
                        out.append("\\{");
                        atom = out.length() - 2;
                        weight = 1;
                        repeated = false;
                    } else {
                        if (atom < 0) throw invalid(p, "an interval repeats nothing");
                        if (repeated) out.insert(atom, "(?:").append(')');
                        weight = multiply(p, weight, count(p, i, end));
                        weights.push(Math.max(weights.pop(), weight));
                        out.append(p, i, end + 1);
                        i = end;
                        repeated = true;
                    }
                }
                case '|', '^', '$' -> {
                    out.append(c);
                    atom = -1;
                    repeated = false;
                }
                case '.' -> {
                    atom = out.length();
                    out.append('.');
                    weight = 1;
                    repeated = false;
                }
                default -> {
                    atom = out.length();
                    literal(out, c);
                    weight = 1;
                    repeated = false;
                }
            }
        }
        if (!groups.isEmpty()) throw invalid(p, "unmatched (");
        return out.toString();
    }

    /** The largest count of the interval {@code {m[,[n]]}} between {@code i} and {@code end}. */
    private static int count(String p, int i, int end) {
        int most = 1;
        for (String n : p.substring(i + 1, end).split(",")) {
            if (!n.isEmpty()) most = Math.max(most, n.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(n));
        }
        return most;
    }

    private static int multiply(String p, int weight, int count) {
        long product = (long) weight * count;
        if (product > MAX_REPEAT_PRODUCT) {
            throw invalid(p, "counted repetitions nested to more than " + MAX_REPEAT_PRODUCT + " copies");
        }
        return (int) product;
    }

    /**
     * {@code m.find()}, with RE2/J's recursion as a last resort bounded too: its matcher recurses
     * once per instruction of a chain of empty-width alternatives, which the repetition bound
     * keeps short; should a pattern still go too deep, that is an error in the config, not in lobos.
     */
    static boolean find(com.google.re2j.Matcher m) {
        try {
            return m.find();
        } catch (StackOverflowError e) {
            throw new ScriptError("regexp: pattern too complex");
        }
    }

    /** A valid {@code {m}}, {@code {m,}} or {@code {m,n}} at {@code i}: the index of its '}', else -1. */
    private static int interval(String p, int i) {
        int j = i + 1;
        int digits = 0;
        while (j < p.length() && Character.isDigit(p.charAt(j)) && p.charAt(j) < 128) {
            j++;
            digits++;
        }
        if (digits == 0) return -1;
        if (j < p.length() && p.charAt(j) == ',') {
            j++;
            while (j < p.length() && Character.isDigit(p.charAt(j)) && p.charAt(j) < 128) j++;
        }
        return j < p.length() && p.charAt(j) == '}' ? j : -1;
    }

    /** Copies the bracket expression starting at {@code i} in RE2's spelling; returns the index of its ']'. */
    private static int bracket(String p, int i, StringBuilder out) {
        out.append('[');
        int j = i + 1;
        if (j < p.length() && p.charAt(j) == '^') {
            out.append('^');
            j++;
        }
        boolean first = true;
        while (j < p.length()) {
            char c = p.charAt(j);
            if (c == ']' && !first) {
                out.append(']');
                return j;
            }
            first = false;
            if (c == '[' && j + 1 < p.length() && ":.=".indexOf(p.charAt(j + 1)) >= 0) {
                char kind = p.charAt(j + 1);
                int close = p.indexOf(kind + "]", j + 2);
                if (close < 0) throw invalid(p, "unterminated [" + kind);
                String name = p.substring(j + 2, close);
                if (kind == ':') {
                    out.append("[:").append(name).append(":]");
                } else if (name.length() == 1) {
                    classChar(out, name.charAt(0));
                } else {
                    throw invalid(p, "collating element [" + kind + name + kind + "] is not supported by lobos");
                }
                j = close + 2;
                continue;
            }
            if (c == '-' ) {
                out.append('-');
            } else {
                classChar(out, c);
            }
            j++;
        }
        throw invalid(p, "unmatched [");
    }

    /** A character inside an RE2 class: backslash, brackets and '^' escaped, the rest as is. */
    private static void classChar(StringBuilder out, char c) {
        if (c == '\\' || c == '[' || c == ']' || c == '^') out.append('\\');
        out.append(c);
    }

    /** A character that stands for itself outside a class. */
    private static void literal(StringBuilder out, char c) {
        if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) out.append('\\');
        out.append(c);
    }

    private static ScriptError invalid(String pattern, String why) {
        return new ScriptError("regexp: invalid pattern '" + pattern + "': " + why);
    }
}
