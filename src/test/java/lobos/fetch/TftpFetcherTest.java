package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TftpFetcherTest {
    /** The TFTP client gives up when the fetch's idle timeout is spent: retransmissions after 1, 2, 4, 8, 8... s. */
    @Test
    void retransmissionsFillTheIdleTimeout() {
        Duration second = Duration.ofSeconds(1);
        assertThat(TftpFetcher.retries(second, Duration.ofSeconds(30))).isEqualTo(5); // 1+2+4+8+8+8 = 31 s
        assertThat(TftpFetcher.retries(second, Duration.ofSeconds(3))).isEqualTo(1); // 1+2
        assertThat(TftpFetcher.retries(second, Duration.ofSeconds(1))).isZero();
        assertThat(TftpFetcher.retries(Duration.ofMillis(500), Duration.ofMillis(500))).isZero();
    }
}
