package lobos.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The kernel's ip= syntax (Documentation/admin-guide/nfs/nfsroot.rst). */
class IpConfigTest {
    @Test
    void staticWithEveryField() {
        IpConfig c = IpConfig.parse("192.0.2.10:192.0.2.1:192.0.2.254:255.255.255.0:node17:eth1:off:192.0.2.53:192.0.2.54");
        assertThat(c).isEqualTo(new IpConfig(false, "192.0.2.10", 24, "192.0.2.254", "node17", "eth1",
                List.of("192.0.2.53", "192.0.2.54")));
    }

    @Test
    void shortStaticAndDhcpForms() {
        assertThat(IpConfig.parse("10.0.2.15::10.0.2.2:255.255.255.0")).isEqualTo(
                new IpConfig(false, "10.0.2.15", 24, "10.0.2.2", null, null, List.of()));
        assertThat(IpConfig.parse("dhcp").dhcp()).isTrue();
        assertThat(IpConfig.parse("::::node:eth0:dhcp")).isEqualTo(new IpConfig(true, null, 0, null, "node", "eth0", List.of()));
        assertThat(IpConfig.parse("off")).isNull();
        assertThat(IpConfig.fromCmdline("console=ttyS0 ip=dhcp quiet ip=10.0.2.15:::255.255.0.0")).isEqualTo(
                new IpConfig(false, "10.0.2.15", 16, null, null, null, List.of()));
        assertThat(IpConfig.fromCmdline("console=ttyS0 quiet")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "300.0.0.1::::     | client address \"300.0.0.1\" is not an IPv4 address",
        "10.0.0.1:::255.0.255.0 | netmask 255.0.255.0 is not contiguous",
        "10.0.0.1::gw      | gateway \"gw\" is not an IPv4 address",
        "1:2:3:4:5:6:7:8:9:10 | more than 9 fields"})
    void badValuesSayWhichField(String value, String message) {
        assertThatThrownBy(() -> IpConfig.parse(value)).hasMessageContaining(message)
                .hasMessageStartingWith("ip=" + value.strip());
    }
}
