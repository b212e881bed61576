package lobos.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkTest {
    @TempDir
    Path sys;

    private final List<List<String>> commands = new ArrayList<>();

    private Network network(int rc) {
        return new Network(sys, line -> {}, c -> {
            commands.add(c);
            return rc;
        });
    }

    @Test
    void staticConfigurationOnTheFirstInterface() throws Exception {
        Files.createDirectories(sys.resolve("lo"));
        Files.createDirectories(sys.resolve("eth1"));
        Files.createDirectories(sys.resolve("eth0"));
        String dev = network(0).configure(IpConfig.parse("10.0.2.15::10.0.2.2:255.255.255.0"));
        assertThat(dev).isEqualTo("eth0");
        assertThat(commands).containsExactly(List.of("ip", "link", "set", "dev", "lo", "up"),
                List.of("ip", "link", "set", "dev", "eth0", "up"),
                List.of("ip", "addr", "add", "10.0.2.15/24", "dev", "eth0"),
                List.of("ip", "route", "add", "default", "via", "10.0.2.2", "dev", "eth0"));
    }

    @Test
    void dhcpRunsUdhcpcWithTheImagesScript() throws Exception {
        network(0).configure(IpConfig.parse(":::::eth3:dhcp"));
        assertThat(commands.getLast()).containsSequence("udhcpc", "-i", "eth3").contains(Network.UDHCPC_SCRIPT);
    }

    @Test
    void failuresAndMissingInterfacesAreClear() {
        assertThatThrownBy(() -> network(0).configure(IpConfig.parse("dhcp"))).hasMessageContaining("no network interface");
        assertThatThrownBy(() -> network(1).configure(IpConfig.parse("10.0.0.1:::::eth0")))
                .hasMessageContaining("ip link set dev lo up failed (exit 1)");
    }
}
