package lobos.config.grub;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits GRUB script text into tokens with GRUB's quoting rules (GRUB manual, "Quoting"; the
 * flex rules of grub-core/script/yylex.l):
 * <ul>
 * <li>blanks are space and tab; a carriage return before a newline is ignored too (GRUB would
 *     keep it in the word; lobos forgives files edited on Windows)</li>
 * <li>{@code #} at the start of a token starts a comment that runs to the end of the line</li>
 * <li>newline and {@code ;} end a command; {@code {}} and {@code }} are tokens of their own;
 *     {@code | & < > || && ;;} are tokens the grammar never accepts</li>
 * <li>outside quotes a backslash keeps the next character literal, backslash-newline continues
 *     the line</li>
 * <li>'...' keeps everything literal and may span lines</li>
 * <li>"..." keeps everything literal except {@code $} (expansion) and backslash before
 *     {@code $ " \} or newline; other backslashes stay</li>
 * <li>{@code $name ${name} $1 ${10} $? $# $* $@}; a {@code $} followed by anything else is an
 *     error; {@code $"..."} (a translated string) is read like "..."</li>
 * </ul>
 * Errors become {@link Kind#BAD} tokens so the parser can report them with a line and carry on.
 */
final class GrubLexer {
    enum Kind { WORD, NEWLINE, SEMI, LBRACE, RBRACE, OPERATOR, BAD, EOF }

    /** A token; {@code word} is set for WORD, {@code text} is the source text or the error message. */
    record Token(Kind kind, Word word, String text, int line) {
        boolean isWord(String s) {
            return kind == Kind.WORD && word.is(s);
        }
    }

    /**
     * The characters a word cannot simply take (ends of words, quotes, '$', '\\', '\r'); a table, as the
     * lexer asks for every character.
     */
    private static final boolean[] SPECIAL = new boolean[128];

    static {
        for (char c : " \t\n\r;{}|&<>\\'\"$".toCharArray()) SPECIAL[c] = true;
    }

    private final String s;
    private int pos;
    private int line;
    private final List<Token> tokens = new ArrayList<>();

    private GrubLexer(String text, int firstLine) {
        this.s = text;
        this.line = firstLine;
    }

    /** All tokens of {@code text}, ending with one EOF token; never more than text.length() + 1 tokens. */
    static List<Token> tokenize(String text, int firstLine) {
        var lexer = new GrubLexer(text, firstLine);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' && at(pos + 1) == '\n') {
                pos++;
            } else if (c == '\\' && at(pos + 1) == '\n') {
                pos += 2;
                line++;
            } else if (c == '#') {
                while (pos < s.length() && s.charAt(pos) != '\n') pos++;
            } else if (c == '\n') {
                add(Kind.NEWLINE, "\n");
                pos++;
                line++;
            } else if (c == ';') {
                if (at(pos + 1) == ';') operator(";;");
                else {
                    add(Kind.SEMI, ";");
                    pos++;
                }
            } else if (c == '{') {
                add(Kind.LBRACE, "{");
                pos++;
            } else if (c == '}') {
                add(Kind.RBRACE, "}");
                pos++;
            } else if (c == '|' || c == '&') {
                operator(at(pos + 1) == c ? String.valueOf(c).repeat(2) : String.valueOf(c));
            } else if (c == '<' || c == '>') {
                operator(String.valueOf(c));
            } else {
                word();
            }
        }
        add(Kind.EOF, "");
    }

    private void operator(String op) {
        add(Kind.OPERATOR, op);
        pos += op.length();
    }

    private char at(int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private void add(Kind kind, String text) {
        tokens.add(new Token(kind, null, text, line));
    }

    private void bad(int startLine, String message) {
        tokens.add(new Token(Kind.BAD, null, message, startLine));
    }

    /** Reads one word; on a lexical error emits a BAD token instead and skips what it could not read. */
    private void word() {
        int start = pos;
        int startLine = line;
        var parts = new ArrayList<Word.Part>();
        var plain = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c >= 128 || !SPECIAL[c]) { // most characters: a run of them in one step
                int end = pos + 1;
                while (end < s.length() && (s.charAt(end) >= 128 || !SPECIAL[s.charAt(end)])) end++;
                plain.append(s, pos, end);
                pos = end;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '{' || c == '}' || c == '|' || c == '&'
                    || c == '<' || c == '>' || c == '\r' && at(pos + 1) == '\n') {
                break;
            }
            if (c == '\\') {
                if (pos + 1 >= s.length()) {
                    bad(line, "backslash at the end of the file");
                    pos++;
                    return;
                }
                char next = s.charAt(pos + 1);
                pos += 2;
                if (next == '\n') line++;
                else plain.append(next);
            } else if (c == '\'') {
                flush(plain, parts);
                int close = s.indexOf('\'', pos + 1);
                if (close < 0) {
                    bad(line, "unterminated ' quote");
                    pos = s.length();
                    return;
                }
                String content = s.substring(pos + 1, close);
                line += count(content, '\n');
                parts.add(new Word.Literal(content, true));
                pos = close + 1;
            } else if (c == '"' || c == '$' && at(pos + 1) == '"') {
                flush(plain, parts);
                pos += c == '"' ? 1 : 2;
                if (!doubleQuoted(parts)) return;
            } else if (c == '$') {
                flush(plain, parts);
                pos++;
                String name = variableName();
                if (name == null) {
                    bad(line, "'$' is not followed by a variable name");
                    return;
                }
                parts.add(new Word.Variable(name, false));
            } else {
                plain.append(c);
                pos++;
            }
        }
        flush(plain, parts);
        String text = s.substring(start, pos);
        if (text.equals("[[") || text.equals("]]")) {
            tokens.add(new Token(Kind.OPERATOR, null, text, startLine));
        } else {
            tokens.add(new Token(Kind.WORD, new Word(parts, text, startLine), text, startLine));
        }
    }

    /** Reads the inside of "..." after the opening quote; false (after a BAD token) on error. */
    private boolean doubleQuoted(List<Word.Part> parts) {
        int startLine = line;
        var text = new StringBuilder();
        parts.add(new Word.Literal("", true)); // "" is an argument even when empty
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                parts.add(new Word.Literal(text.toString(), true));
                return true;
            }
            if (c == '\\' && pos + 1 < s.length()) {
                char next = s.charAt(pos + 1);
                if (next == '$' || next == '"' || next == '\\') {
                    text.append(next);
                    pos += 2;
                    continue;
                }
                if (next == '\n') {
                    pos += 2;
                    line++;
                    continue;
                }
                text.append(c);
                pos++;
            } else if (c == '$') {
                pos++;
                String name = variableName();
                if (name == null) {
                    bad(line, "'$' is not followed by a variable name");
                    skipTo('"');
                    return false;
                }
                parts.add(new Word.Literal(text.toString(), true));
                text.setLength(0);
                parts.add(new Word.Variable(name, true));
            } else {
                if (c == '\n') line++;
                text.append(c);
                pos++;
            }
        }
        bad(startLine, "unterminated \" quote");
        return false;
    }

    private void skipTo(char quote) {
        while (pos < s.length() && s.charAt(pos) != quote) {
            if (s.charAt(pos) == '\n') line++;
            pos++;
        }
        if (pos < s.length()) pos++;
    }

    /** After a '$': the variable name, or null if what follows is not one. */
    private String variableName() {
        if (pos >= s.length()) return null;
        char c = s.charAt(pos);
        if (c == '{') {
            int close = s.indexOf('}', pos + 1);
            if (close < 0) return null;
            String name = s.substring(pos + 1, close);
            if (!isVariableName(name)) return null;
            pos = close + 1;
            return name;
        }
        int end = pos;
        if (c == '?' || c == '#' || c == '*' || c == '@') {
            end = pos + 1;
        } else if (c >= '0' && c <= '9') {
            while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') end++;
        } else if (c < 128 && Character.isLetter(c) || c == '_') {
            while (end < s.length() && (s.charAt(end) < 128 && Character.isLetterOrDigit(s.charAt(end))
                    || s.charAt(end) == '_')) {
                end++;
            }
        } else {
            return null;
        }
        String name = s.substring(pos, end);
        pos = end;
        return name;
    }

    private static boolean isVariableName(String name) {
        if (name.length() == 1 && "?#*@".indexOf(name.charAt(0)) >= 0) return true;
        if (!name.isEmpty() && name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) return true;
        return Word.isName(name);
    }

    private static void flush(StringBuilder plain, List<Word.Part> parts) {
        if (!plain.isEmpty()) {
            parts.add(new Word.Literal(plain.toString(), false));
            plain.setLength(0);
        }
    }

    private static int count(String text, char c) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == c) n++;
        return n;
    }
}
