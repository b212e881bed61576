package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class KnownHostsFuzzTest {
    /** Any text parses, and any host, port and key blob get a verdict: never an exception. */
    @FuzzTest(maxDuration = "30s")
    void check(FuzzedDataProvider data) {
        String host = data.consumeString(80);
        int port = data.consumeInt(1, 65535);
        byte[] key = data.consumeBytes(200);
        KnownHosts known = KnownHosts.parse(data.consumeRemainingAsString());
        for (KnownHosts.Entry e : known.entries()) {
            assertThat(e.line()).isPositive();
            assertThat(KnownHosts.blobType(e.key())).isEqualTo(e.keyType());
        }
        assertThat(known.check(host, port, key)).isNotNull();
        known.keyTypes(host, port);
        KnownHosts.fingerprint(key);
        KnownHosts.line(host, port, key);
    }
}
