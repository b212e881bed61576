package lobos.config.ipxe;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import java.util.Optional;
import lobos.config.ConfigException;
import lobos.config.PathContext;

/** Only ConfigException may escape; every chain reads the same fuzzed script, so chain loops are exercised. */
class IpxeFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void parse(FuzzedDataProvider data) {
        boolean header = data.consumeBoolean();
        String chained = "#!ipxe\n" + data.consumeString(2000);
        String text = (header ? "#!ipxe\n" : "") + data.consumeRemainingAsString();
        try {
            IpxeScript.parse(text, "http://192.0.2.1/boot.ipxe", path -> Optional.of(chained), p -> p,
                    Map.of("platform", "efi"), PathContext.NONE);
        } catch (ConfigException expected) {
            // a typed error is fine
        }
    }
}
