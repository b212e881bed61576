package lobos.config.ipxe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lobos.config.ConfigException;

/**
 * An iPXE script split the way iPXE splits it: lines (a trailing backslash joins the next one),
 * an optional {@code :label} at the start of a line, white-space separated tokens (iPXE has no
 * quoting), commands separated by {@code &&}, {@code ||} and {@code ;}, and a token starting
 * with {@code #} ending the line.
 */
record Script(String url, List<Line> lines, Map<String, Integer> labels, List<Integer> cutLines) {
    /** Longest line (after joining continuations); longer ones are cut, with a warning. */
    static final int MAX_LINE = 64 * 1024;

    /** A command and the operator before it ("" for the first of a line). */
    record Segment(String op, List<String> tokens) {}

    record Line(String label, List<Segment> segments) {}

    static boolean isScript(String text) {
        return text.length() > 6 && (text.startsWith("#!ipxe") || text.startsWith("#!gpxe"))
                && Character.isWhitespace(text.charAt(6));
    }

    static Script of(String text, String url) {
        if (!isScript(text)) {
            throw new ConfigException(url + ": not an iPXE script (it must start with #!ipxe)",
                    "Put #!ipxe on the first line, or check that this file is the script.");
        }
        List<Line> lines = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        StringBuilder pending = new StringBuilder();
        List<Integer> cut = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i].endsWith("\r") ? raw[i].substring(0, raw[i].length() - 1) : raw[i];
            if (line.endsWith("\\") && i + 1 < raw.length) {
                if (pending.length() <= MAX_LINE) pending.append(line, 0, Math.min(line.length() - 1, MAX_LINE + 1));
                lines.add(new Line(null, List.of())); // keeps line numbers: the command sits on the last line
                continue;
            }
            pending.append(line);
            if (pending.length() > MAX_LINE) {
                pending.setLength(MAX_LINE);
                cut.add(i + 1);
            }
            Line parsed = parse(pending.toString());
            pending.setLength(0);
            if (parsed.label() != null) labels.putIfAbsent(parsed.label(), lines.size());
            lines.add(parsed);
        }
        return new Script(url, lines, labels, cut);
    }

    /** The line index of a label (goto finds the first one), or -1. */
    int label(String name) {
        return labels.getOrDefault(name, -1);
    }

    private static Line parse(String line) {
        String rest = line.strip();
        String label = null;
        if (rest.startsWith(":")) {
            int end = 1;
            while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) end++;
            label = rest.substring(1, end);
            rest = rest.substring(end).strip();
        }
        List<Segment> segments = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        String op = "";
        for (String token : rest.split("[ \t\f\u000b]+")) {
            if (token.isEmpty()) continue;
            if (token.startsWith("#")) break;
            if (token.equals("&&") || token.equals("||") || token.equals(";")) {
                segments.add(new Segment(op, tokens));
                tokens = new ArrayList<>();
                op = token;
            } else {
                tokens.add(token);
            }
        }
        segments.add(new Segment(op, tokens));
        return new Line(label, segments);
    }
}
