package lobos.config.grub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The grammar of grub-core/script/parser.y, and recovery after errors. */
class GrubParserTest {
    @Test
    void parsesEveryStatementKind() {
        var r = GrubParser.parse("""
                set a=1
                if [ x ]; then echo a; elif true; then echo b; else echo c; fi
                for i in 1 2 3; do echo $i; done
                while false; do true; done
                until true; do false; done
                function f { echo $1; }
                menuentry 'T' --id t { linux /k; initrd /i }
                """, 1);
        assertThat(r.errors()).isEmpty();
        assertThat(r.statements()).hasSize(7);
        assertThat(r.statements().get(1)).isInstanceOfSatisfying(Node.If.class,
                i -> assertThat(i.otherwise().getFirst()).isInstanceOf(Node.If.class));
        assertThat(r.statements().get(2)).isInstanceOfSatisfying(Node.For.class,
                f -> assertThat(f.items()).hasSize(3));
        assertThat(r.statements().get(4)).isInstanceOfSatisfying(Node.Loop.class, l -> assertThat(l.until()).isTrue());
        assertThat(r.statements().get(6)).isInstanceOfSatisfying(Node.Command.class,
                c -> assertThat(c.block()).hasSize(2));
    }

    @Test
    void reservedWordsAreOrdinaryArguments() {
        var r = GrubParser.parse("echo if then fi done\n", 1);
        assertThat(r.errors()).isEmpty();
        assertThat(((Node.Command) r.statements().getFirst()).words()).hasSize(5);
    }

    @Test
    void anErrorCostsOnlyItsStatement() {
        var r = GrubParser.parse("""
                echo one
                if true; then
                  echo two
                echo three |
                echo four
                """, 1);
        assertThat(r.errors()).extracting(GrubParser.SyntaxError::line).containsExactly(4);
        assertThat(r.statements()).hasSize(2); // "echo one" and "echo four"
    }

    @Test
    void anErrorInsideABlockSkipsTheWholeBlock() {
        var r = GrubParser.parse("""
                menuentry a {
                  if x; then
                    linux /a
                  { nested }
                }
                menuentry b { linux /b; }
                """, 1);
        assertThat(r.errors()).hasSize(1);
        assertThat(r.statements()).singleElement().satisfies(n -> assertThat(((Node.Command) n).line()).isEqualTo(6));
    }

    @Test
    void nestingIsBounded() {
        String deep = "if true; then ".repeat(200) + "echo x" + "; fi".repeat(200) + "\necho after\n";
        var r = GrubParser.parse(deep, 1);
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("nested"));
        assertThat(r.statements()).hasSize(1);
    }

    @Test
    void functionNeedsAName() {
        assertThat(GrubParser.parse("function 'x' { true; }\n", 1).errors()).hasSize(1);
        assertThat(GrubParser.parse("function\nf { true; }\n", 1).errors()).hasSize(1);
        assertThat(GrubParser.parse("function f\n{ true; }\n", 1).errors()).isEmpty();
    }
}
