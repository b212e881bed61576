package lobos.config.grub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lobos.config.grub.GrubLexer.Kind;
import lobos.config.grub.GrubLexer.Token;

/**
 * Recursive-descent parser for GRUB's script grammar (grub-core/script/parser.y): commands with
 * an optional trailing block, {@code if/elif/else/fi}, {@code for/while/until ... do ... done},
 * {@code function NAME { ... }}. GRUB reads a config one top-level statement at a time and drops
 * a statement with a syntax error, then goes on with the next line; this parser does the same, so
 * a mistake costs only the statement it is in (a whole {@code menuentry} at most). Where GRUB's
 * grammar insists on details that change nothing (an empty block, no delimiter before the
 * closing brace of a function, a function defined inside a block) lobos is lenient.
 */
final class GrubParser {
    /** A syntax error with the line it was found on. */
    record SyntaxError(int line, String message) {}

    record Result(List<Node> statements, List<SyntaxError> errors) {}

    /** Deeper nesting than GRUB's own 64-level recursion limit is refused, so no input overflows the stack. */
    static final int MAX_NESTING = 64;

    private static final class Failure extends RuntimeException {
        final int line;

        Failure(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private final List<Token> tokens;
    private int pos;
    private int depth;
    private int openBraces;

    private GrubParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Result parse(String text, int firstLine) {
        return new GrubParser(GrubLexer.tokenize(text, firstLine)).script();
    }

    private Result script() {
        var statements = new ArrayList<Node>();
        var errors = new ArrayList<SyntaxError>();
        while (true) {
            skipDelimiters();
            if (peek().kind() == Kind.EOF) break;
            int start = pos;
            depth = 0;
            openBraces = 0;
            try {
                Node node = statement();
                Token end = peek();
                if (end.kind() != Kind.NEWLINE && end.kind() != Kind.SEMI && end.kind() != Kind.EOF) {
                    throw unexpected(end);
                }
                statements.add(node);
            } catch (Failure e) {
                errors.add(new SyntaxError(e.line, e.getMessage()));
                recover(start);
            }
        }
        return new Result(statements, errors);
    }

    /** Skips the rest of a broken statement: out of any block it opened, then to the end of the line. */
    private void recover(int start) {
        int braces = openBraces;
        while (braces > 0 && peek().kind() != Kind.EOF) {
            Kind kind = next().kind();
            if (kind == Kind.LBRACE) braces++;
            else if (kind == Kind.RBRACE) braces--;
        }
        while (peek().kind() != Kind.NEWLINE && peek().kind() != Kind.EOF) pos++;
        if (pos == start) pos++;
    }

    private Node statement() {
        Token t = peek();
        if (t.isWord("function")) return function();
        return command();
    }

    private Node command() {
        Token t = peek();
        switch (t.kind()) {
            case WORD -> {
                if (t.word().isReserved()) {
                    if (t.word().is("if")) return ifCommand();
                    if (t.word().is("for")) return forCommand();
                    if (t.word().is("while") || t.word().is("until")) return loop();
                    throw unexpected(t);
                }
                return simpleCommand();
            }
            default -> throw unexpected(t);
        }
    }

    private Node simpleCommand() {
        int line = peek().line();
        var words = new ArrayList<Word>();
        while (peek().kind() == Kind.WORD) words.add(next().word());
        List<Node> block = null;
        if (peek().kind() == Kind.LBRACE) block = block();
        if (peek().kind() == Kind.BAD || peek().kind() == Kind.OPERATOR) throw unexpected(peek());
        return new Node.Command(words, block, line);
    }

    private List<Node> block() {
        enter(peek().line());
        expect(Kind.LBRACE);
        openBraces++;
        List<Node> body = list(Set.of(), true);
        expect(Kind.RBRACE);
        openBraces--;
        depth--;
        return body;
    }

    private Node function() {
        int line = next().line();
        Token name = next();
        if (name.kind() != Kind.WORD || !name.word().isName()) {
            throw new Failure(name.line(), "'function' must be followed by a name, not " + describe(name));
        }
        while (peek().kind() == Kind.NEWLINE) pos++;
        List<Node> body = block();
        return new Node.Function(name.word().text(), body, line);
    }

    private Node ifCommand() {
        int line = next().line();
        enter(line);
        List<Node> condition = list(Set.of("then"), false);
        keyword("then", line);
        List<Node> then = list(Set.of("elif", "else", "fi"), false);
        List<Node> otherwise = List.of();
        Token t = peek();
        if (t.isWord("elif")) {
            otherwise = List.of(ifCommand()); // reads through the shared "fi"
            depth--;
            return new Node.If(condition, then, otherwise, line);
        }
        if (t.isWord("else")) {
            pos++;
            otherwise = list(Set.of("fi"), false);
        }
        keyword("fi", line);
        depth--;
        return new Node.If(condition, then, otherwise, line);
    }

    private Node forCommand() {
        int line = next().line();
        enter(line);
        Token name = next();
        if (name.kind() != Kind.WORD || !name.word().isName()) {
            throw new Failure(name.line(), "'for' must be followed by a variable name, not " + describe(name));
        }
        keyword("in", line);
        var items = new ArrayList<Word>();
        while (peek().kind() == Kind.WORD) items.add(next().word());
        if (peek().kind() != Kind.SEMI && peek().kind() != Kind.NEWLINE) throw unexpected(peek());
        skipDelimiters();
        keyword("do", line);
        List<Node> body = list(Set.of("done"), false);
        keyword("done", line);
        depth--;
        return new Node.For(name.word().text(), items, body, line);
    }

    private Node loop() {
        Token first = next();
        int line = first.line();
        enter(line);
        List<Node> condition = list(Set.of("do"), false);
        keyword("do", line);
        List<Node> body = list(Set.of("done"), false);
        keyword("done", line);
        depth--;
        return new Node.Loop(condition, body, first.word().is("until"), line);
    }

    /**
     * Commands separated by newlines or ';' until one of {@code stopWords} or a '}' (left unread);
     * {@code inBlock} allows the '}' right after a command, without a delimiter.
     */
    private List<Node> list(Set<String> stopWords, boolean inBlock) {
        var nodes = new ArrayList<Node>();
        while (true) {
            skipDelimiters();
            Token t = peek();
            if (t.kind() == Kind.EOF) {
                return nodes; // the caller's expect() names what is missing
            }
            if (t.kind() == Kind.RBRACE) return nodes; // the caller says what it expected instead
            if (t.kind() == Kind.WORD && t.word().isReserved() && stopWords.contains(t.word().text())) return nodes;
            nodes.add(t.isWord("function") ? function() : command());
            Token end = peek();
            if (end.kind() == Kind.NEWLINE || end.kind() == Kind.SEMI || end.kind() == Kind.EOF
                    || inBlock && end.kind() == Kind.RBRACE) {
                continue;
            }
            throw unexpected(end);
        }
    }

    private void enter(int line) {
        if (++depth > MAX_NESTING) throw new Failure(line, "statements nested more than " + MAX_NESTING + " deep");
    }

    private void keyword(String word, int openedAt) {
        Token t = peek();
        if (!t.isWord(word)) {
            String what = t.kind() == Kind.EOF ? "end of file" : describe(t);
            throw new Failure(t.line(), "expected '" + word + "' (for the statement at line " + openedAt
                    + ") but found " + what);
        }
        pos++;
    }

    private void expect(Kind kind) {
        Token t = peek();
        if (t.kind() != kind) {
            String want = kind == Kind.LBRACE ? "'{'" : "'}'";
            throw new Failure(t.line(), "expected " + want + " but found "
                    + (t.kind() == Kind.EOF ? "end of file" : describe(t)));
        }
        pos++;
    }

    private void skipDelimiters() {
        while (peek().kind() == Kind.NEWLINE || peek().kind() == Kind.SEMI) pos++;
    }

    private Failure unexpected(Token t) {
        if (t.kind() == Kind.BAD) return new Failure(t.line(), t.text());
        if (t.kind() == Kind.EOF) return new Failure(t.line(), "unexpected end of file");
        return new Failure(t.line(), "unexpected " + describe(t));
    }

    private static String describe(Token t) {
        return switch (t.kind()) {
            case NEWLINE -> "end of line";
            case EOF -> "end of file";
            case BAD -> t.text();
            case OPERATOR -> "'" + t.text() + "' (GRUB scripts have no pipes, redirections, && or ||)";
            default -> "'" + shorten(t.text()) + "'";
        };
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) pos++;
        return t;
    }
}
