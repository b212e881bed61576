package lobos.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shell's network commands: their names, help and argument checks (what runs is lobos.netboot's). */
class NetworkCommandsTest {
    @Test
    void theShellGetsNetDhcpAndNetbootWithTheirHelp() throws Exception {
        var commands = NetworkCommands.forShell(Path.of("/etc"), () -> {
            throw new AssertionError("no network was set up");
        });
        assertThat(commands).containsOnlyKeys("net", "dhcp", "netboot");
        StringWriter text = new StringWriter();
        assertThat(commands.get("dhcp").run(List.of("--help"), new PrintWriter(text, true))).isZero();
        assertThat(text.toString()).startsWith("usage: dhcp [IFACE] [--json]");
        StringWriter bad = new StringWriter();
        assertThat(commands.get("net").run(List.of("--bogus"), new PrintWriter(bad, true))).isEqualTo(2);
        assertThat(bad.toString()).contains("unknown option --bogus");
        StringWriter many = new StringWriter();
        assertThat(commands.get("dhcp").run(List.of("eth0", "eth1"), new PrintWriter(many, true))).isEqualTo(2);
        assertThat(commands.get("net").run(List.of("eth0"), new PrintWriter(many, true))).isEqualTo(2);
        assertThat(commands.get("netboot").help()).startsWith("netboot");
    }
}
