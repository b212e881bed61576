package lobos.config.grub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GRUB's test/[ semantics, from grub-core/commands/test.c. */
class TestExpressionTest {
    /** A fake volume: /d a directory, /f a file, /empty an empty file. */
    private static final TestExpression.Files FILES = new TestExpression.Files() {
        private final Map<String, Character> types = Map.of("/d", 'd', "/f", 'f', "/empty", 'f');

        @Override
        public char type(String path) {
            return types.getOrDefault(path, (char) 0);
        }

        @Override
        public long size(String path) {
            return path.equals("/f") ? 10 : 0;
        }
    };

    @ParameterizedTest(name = "[ {0} ] is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                        | true
            x                         | true
            '""'                      | false
            a = a                     | true
            a == b                    | false
            a != b                    | true
            abc < abd                 | true
            b <= a                    | false
            10 -eq 0xa                | true
            010 -eq 8                 | true
            -3 -lt 2                  | true
            5x -gt 4                  | true
            abc -eq 0                 | true
            vmlinuz-2 -plt vmlinuz-11 | true
            vmlinuz-2 -pgt vmlinuz-11 | false
            -z ""                     | true
            -n ""                     | false
            -f /f                     | true
            -f /d                     | false
            -d /d                     | true
            -e /d                     | true
            -e /nothing               | false
            -s /f                     | true
            -s /empty                 | false
            ! a = b                   | true
            ! ! a = b                 | false
            a = b -o c = c            | true
            a = a -a b = c            | false
            a = a b = c               | false
            a = b -o c = c -a d = e   | false
            ( a = b -o c = c ) -a x   | true
            a = a ]                   | true
            """)
    void evaluates(String expression, boolean expected) {
        List<String> args = expression.isEmpty() ? List.of()
                : Arrays.stream(expression.split(" ")).map(a -> a.equals("\"\"") ? "" : a).toList();
        assertThat(TestExpression.evaluate(args, FILES)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0,0", "17,17", "017,15", "0x1F,31", "12abc,12", "abc,0", "'',0",
            "99999999999999999999999,9223372036854775807"})
    void strtoulReadsLikeC(String s, long value) {
        assertThat(TestExpression.strtoul(s)).isEqualTo(value);
    }
}
