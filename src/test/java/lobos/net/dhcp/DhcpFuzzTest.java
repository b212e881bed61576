package lobos.net.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;

class DhcpFuzzTest {
    /**
     * Any datagram decodes to a message or a DhcpFormatException; a message re-encodes to bytes
     * that decode equal, and reading it as a lease fails only with a DhcpFormatException.
     */
    @FuzzTest(maxDuration = "60s")
    void decode(byte[] datagram) {
        DhcpMessage m;
        try {
            m = DhcpCodec.decode(datagram);
        } catch (DhcpFormatException e) {
            return;
        }
        assertThat(DhcpCodec.decode(DhcpCodec.encode(m))).isEqualTo(m);
        try {
            DhcpLease.from("eth0", m, Instant.EPOCH);
        } catch (DhcpFormatException e) {
            assertThat(e.field()).startsWith("option");
        }
    }
}
