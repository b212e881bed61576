package lobos.shell;

import com.code_intelligence.jazzer.junit.FuzzTest;
import lobos.LobosException;

/** Any text given as password= is read as a hash or refused with a LobosException, quickly. */
class ShaCryptFuzzTest {
    @FuzzTest(maxDuration = "1m")
    void parse(byte[] data) {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        try {
            ShaCrypt.Hash h = ShaCrypt.parse(text);
            if (h.effectiveRounds() <= 5000) ShaCrypt.matches("x", text);
        } catch (LobosException expected) {
            // a typed refusal is the right answer to a bad hash
        }
    }
}
