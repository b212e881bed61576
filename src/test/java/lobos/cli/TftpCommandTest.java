package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import lobos.tftp.TftpException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TftpCommandTest {
    @ParameterizedTest
    @CsvSource({"127.0.0.1, 127.0.0.1, 69", "127.0.0.1:6969, 127.0.0.1, 6969", "::1, 0:0:0:0:0:0:0:1, 69",
        "[::1]:1069, 0:0:0:0:0:0:0:1, 1069", "[::1], 0:0:0:0:0:0:0:1, 69"})
    void addresses(String text, String ip, int port) {
        InetSocketAddress a = TftpCommand.address(text);
        assertThat(a.getAddress().getHostAddress()).isEqualTo(ip);
        assertThat(a.getPort()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:x", "127.0.0.1:70000", "[::1", "[::1]x"})
    void badAddresses(String text) {
        assertThatThrownBy(() -> TftpCommand.address(text)).isInstanceOf(TftpException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tftp", "tftp get", "tftp get 127.0.0.1 f --blksize 7"})
    void usageErrors(String args) {
        assertThat(Main.run(args.split(" "))).isIn(Main.USAGE, Main.FAILED);
    }
}
