package lobos.config.grub;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any pattern and string for GRUB's regexp: the translation to RE2 syntax either gives a
 * pattern RE2/J compiles or a ScriptError, never another exception; matching ends (RE2/J is
 * linear). Seeds: patterns from real grub.cfg files and the places where the syntaxes differ.
 */
class PosixRegexFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void compileAndMatch(FuzzedDataProvider data) {
        String pattern = data.consumeString(200);
        String text = data.consumeRemainingAsString();
        try {
            var m = PosixRegex.compile(pattern).matcher(text);
            if (PosixRegex.find(m)) {
                for (int g = 0; g <= m.groupCount(); g++) m.group(g);
            }
        } catch (ScriptError e) {
            // the only failure allowed
        }
    }
}
