package lobos.config.grub;

import java.util.List;

/**
 * GRUB's {@code test} and {@code [} (grub-core/commands/test.c), with GRUB's own semantics rather
 * than POSIX's: operands are read left to right, {@code -a} is implicit between tests,
 * {@code -o} starts a new alternative, {@code !} inverts the next test, {@code ( )} group, a lone
 * word is true if non-empty, an empty expression is true. Numbers are read like C's
 * {@code strtoul(s, 0, 0)} (0x hex, leading-0 octal, stopping at the first non-digit, 0 if none).
 * File tests ask a {@link Files} callback, which looks at the volumes lobos was given.
 */
final class TestExpression {
    /** What the file tests need to know about a GRUB path. */
    interface Files {
        /** 'd' directory, 'f' regular file, 0 missing; {@code size} for -s. */
        char type(String grubPath);

        long size(String grubPath);
    }

    static final int MAX_PARENS = 100;

    private final List<String> args;
    private final Files files;
    private int pos;
    private int depth;

    private TestExpression(List<String> args, Files files) {
        this.args = args;
        this.files = files;
    }

    static boolean evaluate(List<String> args, Files files) {
        if (!args.isEmpty() && args.getLast().equals("]")) args = args.subList(0, args.size() - 1);
        return new TestExpression(args, files).expression();
    }

    /** One level: alternatives separated by -o, each an and-chain of tests; stops after ')'. */
    private boolean expression() {
        boolean or = false;
        boolean and = true;
        boolean invert = false;
        while (pos < args.size()) {
            String a = args.get(pos);
            Boolean value = null;
            if (pos + 2 < args.size()) value = binary(a, args.get(pos + 1), args.get(pos + 2));
            if (value != null) {
                pos += 3;
            } else if (pos + 1 < args.size() && (value = unary(a, args.get(pos + 1))) != null) {
                pos += 2;
            } else if (a.equals(")")) {
                pos++;
                if (depth > 0) depth--;
                return or || and;
            } else if (a.equals("(")) {
                pos++;
                if (++depth > MAX_PARENS) throw new ScriptError("test: more than " + MAX_PARENS + " nested '('");
                value = expression();
            } else if (a.equals("!")) {
                invert = !invert;
                pos++;
                continue;
            } else if (a.equals("-a")) {
                pos++;
                continue;
            } else if (a.equals("-o")) {
                or = or || and;
                and = true;
                pos++;
                continue;
            } else {
                value = !a.isEmpty();
                pos++;
            }
            and = and && (invert != value);
            invert = false;
        }
        return or || and;
    }

    private Boolean binary(String left, String op, String right) {
        return switch (op) {
            case "=", "==" -> left.equals(right);
            case "!=" -> !left.equals(right);
            case "<" -> left.compareTo(right) < 0;
            case "<=" -> left.compareTo(right) <= 0;
            case ">" -> left.compareTo(right) > 0;
            case ">=" -> left.compareTo(right) >= 0;
            case "-eq" -> signed(left) == signed(right);
            case "-ne" -> signed(left) != signed(right);
            case "-lt" -> signed(left) < signed(right);
            case "-le" -> signed(left) <= signed(right);
            case "-gt" -> signed(left) > signed(right);
            case "-ge" -> signed(left) >= signed(right);
            case "-pgt", "-plt" -> prefixed(left, right, op.equals("-pgt"));
            default -> op.startsWith("-nt") || op.startsWith("-ot") ? newer(left, right, op) : null;
        };
    }

    private Boolean unary(String op, String operand) {
        return switch (op) {
            case "-d" -> files.type(operand) == 'd';
            case "-e" -> files.type(operand) != 0;
            case "-f" -> files.type(operand) == 'f';
            case "-s" -> files.type(operand) == 'f' && files.size(operand) > 0;
            case "-n" -> !operand.isEmpty();
            case "-z" -> operand.isEmpty();
            default -> null;
        };
    }

    /** -nt/-ot compare modification times, which lobos does not track: only existence decides. */
    private Boolean newer(String left, String right, String op) {
        boolean l = files.type(left) != 0;
        boolean r = files.type(right) != 0;
        return op.startsWith("-nt") ? l && !r : !l && r;
    }

    /** GRUB's -pgt/-plt: skip the common prefix (back to the start of a number), compare the numbers. */
    private static boolean prefixed(String a, String b, boolean greater) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) i++;
        i--;
        while (i > 0 && Character.isDigit(a.charAt(i))) i--;
        i++;
        long x = strtoul(a.substring(Math.max(0, i)));
        long y = strtoul(b.substring(Math.min(Math.max(0, i), b.length())));
        return greater ? x > y : x < y;
    }

    private static long signed(String s) {
        return s.startsWith("-") ? -strtoul(s.substring(1)) : strtoul(s);
    }

    /**
     * C strtoul with base 0, stopping at the first character that is not a digit; 0 if there is
     * none; values too large for a long saturate.
     */
    static long strtoul(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        int base = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            base = 16;
            i += 2;
        } else if (s.startsWith("0", i)) {
            base = 8;
        }
        long value = 0;
        for (; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0 || s.charAt(i) > 127) break;
            if (value > (Long.MAX_VALUE - d) / base) return Long.MAX_VALUE; // saturate, never wrap
            value = value * base + d;
        }
        return value;
    }
}
