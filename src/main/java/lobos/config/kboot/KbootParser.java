package lobos.config.kboot;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import lobos.config.Source;
import lobos.config.Warning;

/**
 * Reads kboot.conf. kboot's boot shell was a Bourne shell script that sourced this file, so
 * the syntax is the shell's, reduced to what a settings file needs: {@code NAME=value}
 * assignments (several per line, or separated by {@code ;}), '...' and "..." quoting, backslash
 * escapes and line continuations, {@code #} comments, and {@code $NAME}/{@code ${NAME}}
 * expansion of variables assigned earlier. Unlike the shell, a quote ends on its own line (a
 * backslash-newline continues it), so a missing quote costs one line, not the rest of the file.
 * Anything else (a command, command substitution) costs only its own line and becomes a warning.
 */
final class KbootParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d{1,3})?");
    /** Longer than any kernel command line (a few KiB); stops a=$a$a from doubling without end. */
    static final int MAX_VALUE = 64 * 1024;
    /** Labels (menu entries) in one file. */
    static final int MAX_LABELS = 10_000;
    private int tooMany;

    private final String file;
    private final Map<String, String> vars = new HashMap<>();
    private final Map<String, KbootConf.Label> labels = new LinkedHashMap<>();
    private final Map<String, Source> settingLines = new HashMap<>();
    private final List<Warning> warnings = new ArrayList<>();

    private String text;
    private int pos;
    private int line;

    KbootParser(String file) {
        this.file = file;
    }

    KbootConf parse(String input) {
        text = input;
        pos = 0;
        line = 1;
        while (pos < text.length()) {
            command();
        }
        return new KbootConf(vars.get("default"), seconds("delay"), seconds("timeout"), vars.get("initrd"),
                vars.get("message"), flag("mount_rw"), flag("restricted"), vars.get("root"),
                vars.get("authorized_keys"), vars.get("password"), new ArrayList<>(labels.values()), settingLines, new Source(file, 0),
                warnings, vars.get("network"));
    }

    /** One word after quote removal; {@code name} is set when it began with an unquoted NAME=. */
    private record Word(String name, String value) {}

    /** Reads one simple command (up to an unquoted newline or ;) and applies it. */
    private void command() {
        int start = line;
        List<Word> words = new ArrayList<>();
        String problem = null;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n' || c == ';') {
                pos++;
                if (c == '\n') line++;
                break;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
            } else if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
                pos += 2;
                line++;
            } else {
                try {
                    words.add(word());
                } catch (IllegalStateException e) {
                    // the first problem names the line; the rest of it is not read
                    if (problem == null) problem = e.getMessage();
                    int eol = text.indexOf('\n', pos);
                    pos = eol < 0 ? text.length() : eol;
                }
            }
        }
        if (problem != null) {
            warn(start, problem + "; line ignored");
        } else if (!words.isEmpty()) {
            apply(words, start);
        }
    }

    /** Reads a word up to unquoted white space, newline or ;. Throws on an unterminated quote. */
    private Word word() {
        StringBuilder out = new StringBuilder();
        String name = null;
        boolean quoted = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';') break;
            if (c == '=' && name == null && !quoted && NAME.matcher(out).matches()) {
                name = out.toString();
                out.setLength(0);
                pos++;
                continue;
            }
            pos++;
            switch (c) {
                case '\'' -> {
                    quoted = true;
                    int end = text.indexOf('\'', pos);
                    int eol = text.indexOf('\n', pos);
                    if (end < 0 || (eol >= 0 && eol < end)) throw unterminated('\'', line, pos);
                    out.append(text, pos, end);
                    pos = end + 1;
                }
                case '"' -> {
                    quoted = true;
                    int quoteLine = line;
                    int quotePos = pos;
                    try {
                        doubleQuoted(out);
                    } catch (Unterminated e) {
                        throw unterminated('"', quoteLine, quotePos);
                    }
                }
                case '\\' -> {
                    quoted = true;
                    if (pos < text.length()) {
                        char next = text.charAt(pos++);
                        if (next == '\n') line++;
                        else out.append(next);
                    }
                }
                case '$' -> {
                    quoted = true; // $a=b is no assignment, in the shell either
                    expand(out);
                }
                case '`' -> throw new IllegalStateException("command substitution (`...`) is not supported");
                default -> out.append(c);
            }
        }
        return new Word(name, out.toString());
    }

    private void doubleQuoted(StringBuilder out) {
        while (true) {
            if (pos >= text.length()) throw new Unterminated();
            char c = text.charAt(pos++);
            switch (c) {
                case '"' -> {
                    return;
                }
                case '\\' -> {
                    if (pos >= text.length()) throw new Unterminated();
                    char next = text.charAt(pos++);
                    if (next == '\n') line++;
                    else if ("$`\"\\".indexOf(next) >= 0) out.append(next);
                    else out.append('\\').append(next);
                }
                case '$' -> expand(out);
                case '`' -> throw new IllegalStateException("command substitution (`...`) is not supported");
                case '\n' -> throw new Unterminated();
                default -> out.append(c);
            }
        }
    }

    /** After a $: $NAME or ${NAME} of an earlier assignment; anything else is a literal $. */
    private void expand(StringBuilder out) {
        String name;
        if (pos < text.length() && text.charAt(pos) == '{') {
            int end = text.indexOf('}', pos);
            if (end < 0) throw new IllegalStateException("unterminated ${");
            name = text.substring(pos + 1, end);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException("${" + name + "} is not supported (only ${NAME})");
            }
            pos = end + 1;
        } else if (pos < text.length() && text.charAt(pos) == '(') {
            throw new IllegalStateException("command substitution ($(...)) is not supported");
        } else {
            int end = pos;
            while (end < text.length() && isNameChar(text.charAt(end), end == pos)) end++;
            if (end == pos) {
                out.append('$');
                return;
            }
            name = text.substring(pos, end);
            pos = end;
        }
        String value = vars.get(name);
        if (value == null) {
            warn(line, "$" + name + " is not set (it expands to nothing)");
        } else if (out.length() + value.length() > MAX_VALUE) {
            throw new IllegalStateException("value longer than " + MAX_VALUE + " characters");
        } else {
            out.append(value);
        }
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
    }

    private void apply(List<Word> words, int at) {
        for (Word w : words) {
            if (w.name() == null) {
                warn(at, "'" + w.value() + "' is not a NAME=value assignment; line ignored"
                        + " (quote values that contain spaces: name=\"a b\")");
                return;
            }
        }
        for (Word w : words) assign(w.name(), w.value(), at);
    }

    private void assign(String name, String value, int at) {
        Source where = new Source(file, at);
        if (KbootConf.SETTINGS.contains(name)) {
            if (vars.containsKey(name)) {
                warn(at, name + " set again (previously at line " + settingLines.get(name).line() + "); the last one counts");
            }
            settingLines.put(name, where);
        } else if (labels.containsKey(name)) {
            warn(at, "label " + name + " defined again (previously at line " + labels.get(name).source().line()
                    + "); the last one counts");
        }
        if (!KbootConf.SETTINGS.contains(name) && !labels.containsKey(name) && labels.size() >= MAX_LABELS) {
            if (labels.size() == MAX_LABELS && tooMany++ == 0) {
                warn(at, "more than " + MAX_LABELS + " labels; the rest are ignored");
            }
            return;
        }
        vars.put(name, value);
        if (!KbootConf.SETTINGS.contains(name)) {
            // replace in place: the label keeps the menu position of its first definition
            labels.put(name, new KbootConf.Label(name, value, where));
        }
    }

    private Duration seconds(String name) {
        String v = vars.get(name);
        if (v == null) return null;
        if (!SECONDS.matcher(v.strip()).matches()) {
            warn(settingLines.get(name).line(), name + "=" + v + " is not a number of seconds; ignored");
            return null;
        }
        return Duration.ofMillis(new BigDecimal(v.strip()).movePointRight(3).longValueExact());
    }

    private boolean flag(String name) {
        String v = vars.get(name);
        if (v == null) return false;
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> {
                warn(settingLines.get(name).line(), name + "=" + v + " is neither true nor false; taken as false");
                yield false;
            }
        };
    }

    /**
     * An unterminated quote would, in the shell, swallow the rest of the file; lobos drops only
     * the line where the quote began and reads on from the next one.
     */
    private IllegalStateException unterminated(char quote, int quoteLine, int quotePos) {
        int eol = text.indexOf('\n', quotePos);
        pos = eol < 0 ? text.length() : eol;
        line = quoteLine;
        return new IllegalStateException("unterminated " + quote + " quote");
    }

    /** The end of the text inside "...". */
    private static final class Unterminated extends RuntimeException {
        Unterminated() {
            super(null, null, false, false);
        }
    }

    private void warn(int at, String message) {
        warnings.add(new Warning(new Source(file, at), message));
    }
}
