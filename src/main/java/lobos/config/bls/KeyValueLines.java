package lobos.config.bls;

import java.util.ArrayList;
import java.util.List;

/**
 * The line format shared by Boot Loader Spec entries and loader.conf: lines separated by
 * newlines, blank lines and lines starting with '#' ignored, the first word is the key and the
 * rest, after blanks, the value. At most {@link #MAX_LINES} lines are read.
 */
final class KeyValueLines {
    record Line(int number, String key, String value) {}

    static final int MAX_LINES = 10_000;
    /** Longest line; the rest of a longer one is ignored (see {@link #longLines}). */
    static final int MAX_LINE = 64 * 1024;

    private KeyValueLines() {}

    static List<Line> parse(String text) {
        var out = new ArrayList<Line>();
        String[] lines = text.split("\n", MAX_LINES + 1);
        for (int n = 0; n < lines.length && n < MAX_LINES; n++) {
            String line = (lines[n].length() > MAX_LINE ? lines[n].substring(0, MAX_LINE) : lines[n]).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int blank = 0;
            while (blank < line.length() && !Character.isWhitespace(line.charAt(blank))) blank++;
            out.add(new Line(n + 1, line.substring(0, blank), line.substring(blank).strip()));
        }
        return out;
    }

    /** The numbers of the lines longer than {@link #MAX_LINE}. */
    static List<Integer> longLines(String text) {
        var out = new ArrayList<Integer>();
        String[] lines = text.split("\n", MAX_LINES + 1);
        for (int n = 0; n < lines.length && n < MAX_LINES; n++) if (lines[n].length() > MAX_LINE) out.add(n + 1);
        return out;
    }

    /** True if {@code text} has more lines than are read. */
    static boolean truncated(String text) {
        return text.split("\n", MAX_LINES + 1).length > MAX_LINES;
    }
}
