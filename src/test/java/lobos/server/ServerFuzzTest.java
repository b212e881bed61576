package lobos.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import lobos.net.ManagerRequest;
import lobos.net.dhcp.DhcpCodec;
import lobos.net.dhcp.DhcpFormatException;
import lobos.net.dhcp.DhcpMessage;
import lobos.server.dhcp.DhcpEvents;
import lobos.server.dhcp.DhcpRequest;
import lobos.server.dhcp.DhcpResponder;
import lobos.server.dhcp.DhcpSettings;
import lobos.server.dhcp.Ipv4;
import lobos.server.dhcp.LeasePool;
import lobos.server.http.Form;

/** The manager's parsers and its DHCP answers, fed anything: only typed errors, and every answer encodes. */
class ServerFuzzTest {
    private static final Path FILE = Path.of("/etc/lobos/server.yaml");
    private static final ServerConfig EXAMPLE = ServerConfigReader.read(Path.of("examples/server/server.yaml"));

    /** Any node file parses to a config or fails with a ServerConfigException naming a line in the file. */
    @FuzzTest(maxDuration = "60s")
    void nodeFile(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        ServerConfig config;
        try {
            config = ServerConfigReader.parse(text, FILE);
        } catch (ServerConfigException e) {
            assertThat(e.line()).isBetween(0, (int) text.lines().count() + 1);
            return;
        }
        // a config that parses answers any boot request
        var nodes = new NodeDirectory(config);
        Decisions.decide(nodes, new ManagerRequest("52:54:00:12:34:56", null, "x86_64", "0", "192.0.2.9", "node-1", "eth0"), null,
                "http://192.0.2.1:8080");
    }

    /** Any DHCP datagram gets an answer that encodes, or none; form fields never throw. */
    @FuzzTest(maxDuration = "60s")
    void dhcpAnswer(byte[] datagram) {
        DhcpMessage m;
        try {
            m = DhcpCodec.decode(datagram);
        } catch (DhcpFormatException e) {
            return;
        }
        var nodes = new NodeDirectory(EXAMPLE);
        for (DhcpSettings.Mode mode : DhcpSettings.Mode.values()) {
            var settings = new DhcpSettings(mode, EXAMPLE.dhcp().subnets(), new NodeDirectory(ServerConfigReader.parse(
                    "server: {unknown: menu}\n", FILE)), DhcpSettings.Boot.debianIpxe(null, 8080));
            var responder = new DhcpResponder(mode == DhcpSettings.Mode.PROXY ? settings : new DhcpSettings(mode,
                    EXAMPLE.dhcp().subnets(), nodes, settings.boot()), new LeasePool(List.of(), l -> {}, () -> 0), DhcpEvents.NONE, s -> {});
            for (int port : new int[] {67, 4011}) {
                responder.answer(new DhcpRequest(m, "br0", List.of(new DhcpRequest.LinkAddress(Ipv4.parse("192.0.2.1"), 24)), port,
                        Ipv4.parse("192.0.2.9"), 68)).ifPresent(r -> DhcpCodec.decode(DhcpCodec.encode(r.message(), r.maxSize())));
            }
        }
        Form.parse(new String(datagram, StandardCharsets.ISO_8859_1));
    }
}
