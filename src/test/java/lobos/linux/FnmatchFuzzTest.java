package lobos.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * lobos's fnmatch against glibc's on random patterns and strings drawn from the characters that
 * matter ({@code * ? [ ] ! ^ - \ : . =} and a few letters and digits): the same answer every time.
 */
class FnmatchFuzzTest {
    private static final String ALPHABET = "*?[]!^-\\:.=abz09AZ_";

    @FuzzTest(maxDuration = "30s")
    void matchesLikeGlibc(FuzzedDataProvider data) {
        String pattern = draw(data, 24);
        String string = draw(data, 24);
        assertThat(Fnmatch.matches(pattern, string)).as("fnmatch(\"%s\", \"%s\")", pattern, string)
                .isEqualTo(Glibc.fnmatch(pattern, string));
        // What modprobe looks up: both normalized, a pattern with a stray bracket skipped.
        String alias = ModuleAliases.normalize(pattern), modalias = ModuleAliases.normalize(string);
        if (alias != null && modalias != null) {
            assertThat(Fnmatch.matches(alias, modalias)).isEqualTo(Glibc.fnmatch(alias, modalias));
        }
    }

    private static String draw(FuzzedDataProvider data, int max) {
        int length = data.consumeInt(0, max);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) s.append(ALPHABET.charAt(data.consumeInt(0, ALPHABET.length() - 1)));
        return s.toString();
    }
}
