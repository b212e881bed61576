package lobos.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses /etc/fstab (fstab(5)) as libmount does: at least three fields (device, mount
 * point, type) separated by spaces or tabs, then options, dump and pass; '#' starts a comment
 * line, and anything after the sixth field is ignored; octal escapes (\040 for a space) in any
 * field. A bad line costs only itself and becomes a warning.
 *
 * @param entries  the usable lines, in file order
 * @param warnings "file:line: problem" for each line that was skipped or partly understood
 */
public record Fstab(List<FstabEntry> entries, List<String> warnings) {
    public Fstab {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    /** At most this many lines are read: a real fstab has tens. */
    public static final int MAX_LINES = 10_000;

    public static Fstab parse(String text, String file) {
        List<FstabEntry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        if (lines.length > MAX_LINES) warnings.add(file + ": only the first " + MAX_LINES + " lines were read");
        for (int n = 1; n <= Math.min(lines.length, MAX_LINES); n++) {
            String line = lines[n - 1].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] fields = line.split("[ \t]+");
            String where = file + ":" + n + ": ";
            if (fields.length < 3) {
                warnings.add(where + "needs at least a device, a mount point and a type; line ignored");
                continue;
            }
            int freq = fields.length > 4 ? number(fields[4]) : 0;
            int passno = fields.length > 5 ? number(fields[5]) : 0;
            if (freq < 0 || passno < 0) {
                warnings.add(where + "the dump and pass fields must be numbers; line ignored");
                continue;
            }
            if (fields.length > 6 && !fields[6].startsWith("#")) warnings.add(where + "text after the 6th field ignored");
            List<String> options = fields.length > 3 ? List.of(unescape(fields[3]).split(",")) : List.of("defaults");
            entries.add(new FstabEntry(unescape(fields[0]), mountPoint(unescape(fields[1])), unescape(fields[2]),
                    options.stream().filter(o -> !o.isEmpty()).toList(), freq, passno, n));
        }
        return new Fstab(entries, warnings);
    }

    private static String mountPoint(String s) {
        String trimmed = s;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
        return trimmed;
    }

    /** A dump or pass field, -1 if it is not a number. */
    private static int number(String s) {
        return s.matches("[0-9]{1,9}") ? Integer.parseInt(s) : -1;
    }

    /**
     * Decodes \ooo octal escapes (\040 space, \011 tab, \012 newline, \134 backslash); other
     * backslashes stay. Escapes are bytes: a UTF-8 name may be written as escapes too.
     */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        var out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && octal(s, i + 1)) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                int codePoint = s.codePointAt(i);
                out.writeBytes(Character.toString(codePoint).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean octal(String s, int from) {
        if (from + 3 > s.length()) return false;
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') return false;
        }
        return s.charAt(from) <= '3';
    }
}
