package lobos.config.grub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lobos.config.grub.GrubLexer.Kind;
import lobos.config.grub.GrubLexer.Token;
import org.junit.jupiter.api.Test;

/** The quoting rules of the GRUB manual ("Quoting") and grub-core/script/yylex.l. */
class GrubLexerTest {
    private static List<Token> lex(String s) {
        return GrubLexer.tokenize(s, 1);
    }

    private static String kinds(String s) {
        return String.join(" ", lex(s).stream().map(t -> t.kind().name()).toList());
    }

    @Test
    void separatesWordsAndOperators() {
        assertThat(kinds("a b;c\nd { e }")).isEqualTo("WORD WORD SEMI WORD NEWLINE WORD LBRACE WORD RBRACE EOF");
        assertThat(kinds("a | b && c || d & e < f > g ;; h"))
                .isEqualTo("WORD OPERATOR WORD OPERATOR WORD OPERATOR WORD OPERATOR WORD OPERATOR WORD OPERATOR"
                        + " WORD OPERATOR WORD EOF");
        assertThat(kinds("[[ a ]]")).isEqualTo("OPERATOR WORD OPERATOR EOF");
    }

    @Test
    void commentsStartOnlyAtATokenStart() {
        assertThat(lex("a#b # c d\ne")).extracting(Token::text).containsExactly("a#b", "\n", "e", "");
    }

    @Test
    void singleQuotesKeepEverythingAndSpanLines() {
        Token t = lex("'a $b \\c\nd'").getFirst();
        assertThat(t.word().parts()).containsExactly(new Word.Literal("a $b \\c\nd", true));
        assertThat(lex("'x\ny' z").get(1).line()).isEqualTo(2);
    }

    @Test
    void doubleQuotesExpandVariablesAndKnowFourEscapes() {
        Token t = lex("\"a\\$b\\\\c\\\"d\\e $x ${y}\"").getFirst();
        assertThat(t.word().parts()).containsExactly(new Word.Literal("", true),
                new Word.Literal("a$b\\c\"d\\e ", true), new Word.Variable("x", true), new Word.Literal(" ", true),
                new Word.Variable("y", true), new Word.Literal("", true));
    }

    @Test
    void backslashOutsideQuotesEscapesAndContinuesLines() {
        assertThat(lex("a\\ b\\\nc d").getFirst().word().parts()).containsExactly(new Word.Literal("a bc", false));
        assertThat(lex("linux \\\n  /vmlinuz").stream().map(Token::kind)).containsExactly(Kind.WORD, Kind.WORD,
                Kind.EOF);
    }

    @Test
    void variablesOfEveryForm() {
        var parts = lex("$a${b_1}$1${10}$?$#$*$@x").getFirst().word().parts();
        assertThat(parts).containsExactly(new Word.Variable("a", false), new Word.Variable("b_1", false),
                new Word.Variable("1", false), new Word.Variable("10", false), new Word.Variable("?", false),
                new Word.Variable("#", false), new Word.Variable("*", false), new Word.Variable("@", false),
                new Word.Literal("x", false));
    }

    @Test
    void devicesInParenthesesAreOneWord() {
        assertThat(lex("(hd0,gpt2)/vmlinuz ($root)/x").stream().map(Token::text))
                .containsExactly("(hd0,gpt2)/vmlinuz", "($root)/x", "");
    }

    @Test
    void errorsBecomeBadTokensWithTheirLine() {
        assertThat(lex("a\n\"open").get(2)).extracting(Token::kind, Token::line).containsExactly(Kind.BAD, 2);
        assertThat(lex("echo $(x)").get(1).kind()).isEqualTo(Kind.BAD);
        assertThat(lex("x \\").get(1).kind()).isEqualTo(Kind.BAD);
        assertThat(lex("${a-b}").getFirst().kind()).isEqualTo(Kind.BAD);
    }

    @Test
    void reservedWordsOnlyWhenWrittenPlainly() {
        assertThat(lex("fi").getFirst().word().isReserved()).isTrue();
        assertThat(lex("'fi'").getFirst().word().isReserved()).isFalse();
        assertThat(lex("\\fi").getFirst().word().isReserved()).isFalse();
        assertThat(lex("fi}").getFirst().word().isReserved()).isTrue();
    }

    @Test
    void carriageReturnsBeforeNewlinesAreIgnored() {
        assertThat(lex("a b\r\nc").stream().map(Token::text)).containsExactly("a", "b", "\n", "c", "");
    }
}
