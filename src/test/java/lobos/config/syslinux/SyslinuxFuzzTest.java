package lobos.config.syslinux;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;
import lobos.config.ConfigException;
import lobos.config.PathContext;

/**
 * Only ConfigException may escape. Every INCLUDE and CONFIG reads the same fuzzed text again,
 * so include and config loops and depth limits are exercised too.
 */
class SyslinuxFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void parse(FuzzedDataProvider data) {
        String included = data.consumeString(2000);
        String text = data.consumeRemainingAsString();
        try {
            SyslinuxParser.parse(text, "/boot/syslinux/syslinux.cfg", path -> Optional.of(included), p -> p,
                    PathContext.NONE);
        } catch (ConfigException expected) {
            // a typed error is fine
        }
    }
}
