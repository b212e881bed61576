package lobos.config.bls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The UAPI Version Format Specification's comparison. Cases: the spec's own examples, systemd's
 * test order for strverscmp_improved, rpm-style and kernel-version cases (version-pairs.txt, all
 * agreeing with {@code systemd-analyze compare-versions}); and random strings checked against
 * {@code systemd-analyze} itself when it is installed.
 */
class VersionOrderTest {
    record Case(String left, int sign, String right) {
        @Override
        public String toString() {
            return "'" + left + "' " + (sign < 0 ? "<" : sign > 0 ? ">" : "=") + " '" + right + "'";
        }
    }

    static Stream<Case> cases() throws IOException {
        var out = new ArrayList<Case>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/lobos/config/bls/version-pairs.txt"))) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            out.add(new Case(unquote(f[0]), switch (f[1]) {
                case "<" -> -1;
                case ">" -> 1;
                default -> 0;
            }, unquote(f[2])));
        }
        return out.stream();
    }

    private static String unquote(String s) {
        return s.equals("''") ? "" : s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compares(Case c) {
        assertThat(Integer.signum(VersionOrder.compareVersions(c.left(), c.right()))).isEqualTo(c.sign());
        assertThat(Integer.signum(VersionOrder.compareVersions(c.right(), c.left()))).isEqualTo(-c.sign());
    }

    @Test
    void nullIsTheEmptyVersion() {
        assertThat(VersionOrder.INSTANCE.compare(null, "")).isZero();
        assertThat(VersionOrder.INSTANCE.compare(null, "1")).isNegative();
    }

    @Test
    void hugeNumbersCompareWithoutOverflow() {
        assertThat(VersionOrder.compareVersions("1" + "0".repeat(40), "9".repeat(40))).isPositive();
        assertThat(VersionOrder.compareVersions("000" + "9".repeat(30), "9".repeat(30))).isZero();
    }

    @Test
    void agreesWithSystemdAnalyzeOnRandomStrings() throws Exception {
        Path tool = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(tool), "systemd-analyze is not installed");
        var random = new Random(4711);
        String alphabet = "0123456789aZz.-~^_+";
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String a = randomVersion(random, alphabet);
            String b = random.nextInt(4) == 0 ? a + randomVersion(random, alphabet) : randomVersion(random, alphabet);
            Process p = new ProcessBuilder(tool.toString(), "compare-versions", a, b).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            int expected = out.contains(" < ") ? -1 : out.contains(" > ") ? 1 : out.contains(" == ") ? 0 : 99;
            if (expected == 99) continue; // not a comparison (old systemd without compare-versions)
            if (Integer.signum(VersionOrder.compareVersions(a, b)) != expected) mismatches.add(out.strip());
        }
        assertThat(mismatches).isEmpty();
    }

    private static String randomVersion(Random random, String alphabet) {
        var sb = new StringBuilder();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString();
    }
}
