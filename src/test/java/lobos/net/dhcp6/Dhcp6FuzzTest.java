package lobos.net.dhcp6;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import lobos.net.dhcp.DhcpClient;
import lobos.net.dhcp.DhcpFormatException;

class Dhcp6FuzzTest {
    /** Any datagram decodes or fails with a DhcpFormatException; a message re-encodes to the same bytes; reading a lease fails only typed. */
    @FuzzTest(maxDuration = "60s")
    void decode(byte[] datagram) {
        Dhcp6Message m;
        try {
            m = Dhcp6Message.decode(datagram);
        } catch (DhcpFormatException e) {
            return;
        }
        assertThat(m.encode()).isEqualTo(datagram);
        try {
            new Dhcp6Client("eth0", new byte[6], null, DhcpClient.Clock.SYSTEM, new java.util.Random(1), s -> {}).lease(m);
        } catch (DhcpFormatException e) {
            assertThat(e.field()).contains("option");
        }
    }
}
