package lobos.config.syslinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PxelinuxNamesTest {
    @Test
    void theExampleOfPxelinuxTxt() throws Exception {
        // pxelinux.txt: UUID b8945908-d6a6-41a9-611d-74a6ab80b83d, MAC 88:99:AA:BB:CC:DD, IP 192.0.2.91
        assertThat(PxelinuxNames.configNames(UUID.fromString("b8945908-d6a6-41a9-611d-74a6ab80b83d"),
                HexFormat.ofDelimiter(":").parseHex("88:99:AA:BB:CC:DD"),
                (Inet4Address) InetAddress.getByName("192.0.2.91"))).containsExactly(
                "b8945908-d6a6-41a9-611d-74a6ab80b83d",
                "01-88-99-aa-bb-cc-dd",
                "C000025B", "C000025", "C00002", "C0000", "C000", "C00", "C0", "C",
                "default");
    }

    @Test
    void whatTheClientDoesNotKnowIsLeftOut() throws Exception {
        assertThat(PxelinuxNames.configNames(null, null, null)).containsExactly("default");
        assertThat(PxelinuxNames.configNames(null, 6, new byte[] {1, 2, 3, 4, 5, 6}, null))
                .containsExactly("06-01-02-03-04-05-06", "default");
    }
}
