package lobos.config.kboot;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import lobos.config.PathContext;

/** kboot.conf text never makes the parser throw, loop or crash: bad lines become warnings. */
class KbootFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void parse(FuzzedDataProvider data) {
        String command = data.consumeString(200);
        KbootConf conf = KbootConf.parse(data.consumeRemainingAsString(), "fuzz.conf");
        conf.toMenu(PathContext.NONE, null);
        conf.command(command, PathContext.NONE);
    }
}
