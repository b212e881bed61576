package lobos.config.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lobos.config.Menu;
import lobos.config.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRUB's {@code regexp} is POSIX extended syntax (gnulib regcomp with REG_EXTENDED,
 * leftmost-longest); lobos runs it on RE2/J. Each test is a place where the two syntaxes differ,
 * with what POSIX (and so GRUB) means.
 */
class GrubRegexpTest {
    @TempDir
    Path dir;

    private static boolean matches(String posix, String text) {
        return PosixRegex.compile(posix).matcher(text).find();
    }

    private static String group(String posix, String text, int group) {
        var m = PosixRegex.compile(posix).matcher(text);
        return m.find() ? m.group(group) : null;
    }

    @Test
    @Timeout(30)
    void theTwoLineConfigFromIssue8EndsAtOnce() throws IOException {
        // on java.util.regex this backtracked for minutes: the clock was read every 256th character
        Path file = dir.resolve("boot/grub/grub.cfg");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "regexp '^(.*a){20}$' '" + "a".repeat(59) + "b'\nmenuentry x { linux /vmlinuz }\n");
        long start = System.nanoTime();
        Menu m = new GrubFormat(GrubPlatform.EFI_X86_64).read(Volume.of(dir), "boot/grub/grub.cfg", List.of());
        assertThat(m.entries()).hasSize(1);
        assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L); // the test's own guard, not a benchmark
    }

    @Test
    void backslashInsideBracketsIsAnOrdinaryCharacter() {
        assertThat(matches("^[\\]$", "\\")).isTrue();
        assertThat(matches("^[\\n]+$", "n\\n")).isTrue();
        assertThat(matches("^[\\n]$", "\n")).isFalse();
    }

    @Test
    void aClosingBracketFirstIsLiteralAndClassesWork() {
        assertThat(matches("^[]a]+$", "a]a")).isTrue();
        assertThat(matches("^[^]]+$", "abc")).isTrue();
        assertThat(matches("^[[:digit:]]+$", "2024")).isTrue();
        assertThat(matches("^[[.-.]]$", "-")).isTrue();
        assertThat(matches("^[a[]$", "[")).isTrue();
    }

    @Test
    void escapedLettersOtherThanGnusAreThemselves() {
        assertThat(matches("^\\d$", "d")).isTrue(); // not a digit class in POSIX
        assertThat(matches("^\\d$", "5")).isFalse();
        assertThat(matches("^\\w+\\s\\S$", "ab_1 x")).isTrue(); // GNU's \w \s \S
        assertThat(matches("^a\\1$", "a1")).isTrue(); // no back references in extended syntax
        assertThat(matches("\\`ab\\'", "ab")).isTrue();
    }

    @Test
    void aRepetitionOfARepetitionRepeatsTheWhole() {
        // RE2 reads *? as a lazy star; POSIX as (a*)?
        assertThat(PosixRegex.translate("a*?")).isEqualTo("(?:a*)?");
        assertThat(group("^(a*?)b", "aaab", 1)).isEqualTo("aaa");
        assertThat(matches("^a+*$", "aaa")).isTrue();
    }

    @Test
    void theMatchIsTheLeftmostLongest() {
        // Perl-style leftmost-first would give "a"
        assertThat(group("a|ab", "abc", 0)).isEqualTo("ab");
        assertThat(group("(a|ab)(c|bcd)", "abcd", 0)).isEqualTo("abcd");
    }

    @Test
    void dotMatchesANewlineAndBracesThatAreNoIntervalAreLiteral() {
        assertThat(matches("^a.b$", "a\nb")).isTrue();
        assertThat(matches("^a{x}$", "a{x}")).isTrue();
        assertThat(matches("^a{2}$", "aa")).isTrue();
        assertThat(matches("^a{1,}$", "aaa")).isTrue();
    }

    @Test
    void whatRe2CannotDoIsAScriptErrorNotAHang() {
        assertThatThrownBy(() -> PosixRegex.compile("\\<word\\>")).isInstanceOf(ScriptError.class)
                .hasMessageContaining("not supported");
        assertThatThrownBy(() -> PosixRegex.compile("x(")).isInstanceOf(ScriptError.class);
        // on java.util.regex the fuzzer's regex-injection check reported this pattern (a PatternSyntaxException)
        assertThatThrownBy(() -> PosixRegex.compile("(a()+$")).isInstanceOf(ScriptError.class);
        assertThatThrownBy(() -> PosixRegex.compile("*a")).isInstanceOf(ScriptError.class);
        assertThatThrownBy(() -> PosixRegex.compile("a".repeat(2000))).isInstanceOf(ScriptError.class);
        // found by PosixRegexFuzzTest: nested counted repetitions made RE2/J's matcher overflow the stack
        assertThatThrownBy(() -> PosixRegex.compile("^(n+*{20}+*{20}+{21}A^2z.+*{00}{2}{0}+*{20}).+*{20}"))
                .isInstanceOf(ScriptError.class).hasMessageContaining("nested to more than 1000 copies");
        assertThatThrownBy(() -> PosixRegex.compile("((a{10}){10}){11}")).isInstanceOf(ScriptError.class);
        assertThat(matches("^((a{10}){10}){10}$", "a".repeat(1000))).isTrue();
    }
}
