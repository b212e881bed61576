package lobos.config.grub;

import java.util.List;

/**
 * One word of a GRUB script as the lexer saw it, before expansion: literal pieces and variable
 * references, each marked quoted or not. Quoting decides two things at expansion time: a quoted
 * piece is never split at blanks, and a quoted empty piece still makes an (empty) argument.
 *
 * @param text the word's source text, used to recognise reserved words ({@code if}, {@code fi}...),
 *             which GRUB only sees when they are written plainly
 */
record Word(List<Part> parts, String text, int line) {
    sealed interface Part {}

    /** Literal text with quotes and escapes already removed. */
    record Literal(String text, boolean quoted) implements Part {}

    /** {@code $name}, {@code ${name}}, {@code $1}, {@code $@}...; quoted inside "...". */
    record Variable(String name, boolean quoted) implements Part {}

    Word {
        parts = List.copyOf(parts);
    }

    /** True if this word is exactly {@code s} written without quotes, escapes or variables. */
    boolean is(String s) {
        return text.equals(s) && parts.size() == 1 && parts.getFirst() instanceof Literal(var t, var q)
                && !q && t.equals(s);
    }

    /** True for a plain word GRUB's lexer turns into a keyword token. */
    boolean isReserved() {
        return parts.size() == 1 && parts.getFirst() instanceof Literal(var t, var q) && !q && t.equals(text)
                && RESERVED.contains(text);
    }

    /** True if this word is a plain NAME ([A-Za-z_][A-Za-z0-9_]*), as {@code function} and {@code for} need. */
    boolean isName() {
        return parts.size() == 1 && parts.getFirst() instanceof Literal(var t, var q) && !q && t.equals(text)
                && isName(text);
    }

    static boolean isName(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) && s.charAt(0) < 128 || s.charAt(0) == '_')) return false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }

    static final java.util.Set<String> RESERVED = java.util.Set.of("case", "do", "done", "elif", "else", "esac",
            "fi", "for", "function", "if", "in", "select", "then", "until", "while");
}
