package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import lobos.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Transfers through {@link TestRelay.Udp}, which drops, duplicates and reorders datagrams in both
 * directions from a fixed seed: the file must still arrive byte-identical.
 */
class TftpLossTest {
    private static final Duration FAST = Duration.ofMillis(60);

    @TempDir
    Path root;

    @ParameterizedTest(name = "seed {0}, windowsize {1}")
    @CsvSource({"1, 1", "2, 1", "3, 4", "4, 8", "5, 16", "6, 16"})
    void lobosServerThroughALossyLink(long seed, int windowSize) throws Exception {
        var content = TestFiles.random(200_000, seed);
        var config = TftpServerConfig.on(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)).withTimeout(FAST);
        try (var server = TftpServer.start(config, (name, client) -> Optional.of(TftpContent.of(content)));
             var proxy = new TestRelay.Udp(server.address(), seed, 0.05, 0.03, 0.05, Duration.ZERO)) {
            var options = TftpClientOptions.defaults().withBlockSize(1024).withWindowSize(windowSize).withTimeout(FAST).withRetries(10);
            var sink = new TestFiles.Sink();
            var result = new TftpClient(options).fetch(proxy.address(), "f", sink, sink.progress());
            TestFiles.assertSameBytes(sink.toByteArray(), content);
            assertThat(result.windowSize()).isEqualTo(windowSize);
            assertThat(sink.monotonic).isTrue();
            assertThat(proxy.dropped.get()).as("the proxy dropped packets").isPositive();
            assertThat(proxy.duplicated.get() + proxy.reordered.get()).as("and duplicated or reordered some").isPositive();
        }
    }

    @Test
    void inTftpdThroughALossyLink() throws Exception {
        var content = TestFiles.random(300_000, 11);
        TestFiles.write(root, "f", content);
        // -T: in.tftpd's first retransmission after 60 ms (microseconds)
        try (var server = InTftpd.start(root, "-T", "60000");
             var proxy = new TestRelay.Udp(server.address(), 11, 0.05, 0.03, 0.05, Duration.ZERO)) {
            var options = TftpClientOptions.defaults().withBlockSize(1024).withTimeout(FAST).withRetries(10);
            var sink = new TestFiles.Sink();
            new TftpClient(options).fetch(proxy.address(), "f", sink, TftpProgress.NONE);
            TestFiles.assertSameBytes(sink.toByteArray(), content);
            assertThat(proxy.dropped.get()).isPositive();
        }
    }
}
