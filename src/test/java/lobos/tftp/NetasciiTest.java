package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 764 (referenced by RFC 1350): newline is CR LF, a bare CR is CR NUL. */
class NetasciiTest {
    @Test
    void lineEndsAndBareCarriageReturns() {
        var in = "a\nb\r\nc\rd".getBytes(StandardCharsets.US_ASCII);
        assertThat(Netascii.encode(in)).isEqualTo(new byte[] {'a', '\r', '\n', 'b', '\r', 0, '\r', '\n', 'c', '\r', 0, 'd'});
        assertThat(Netascii.encode(new byte[0])).isEmpty();
    }
}
