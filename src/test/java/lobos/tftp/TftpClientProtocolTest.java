package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lobos.tftp.TftpPacket.Ack;
import lobos.tftp.TftpPacket.Data;
import lobos.tftp.TftpPacket.ErrorPacket;
import lobos.tftp.TftpPacket.Mode;
import lobos.tftp.TftpPacket.OptionAck;
import lobos.tftp.TftpPacket.ReadRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** lobos's client against a server played packet by packet, for the cases real servers rarely show. */
class TftpClientProtocolTest {
    private final java.util.concurrent.ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private ScriptedPeer listen; // the server's request port
    private ScriptedPeer transfer; // the server's transfer ID
    private TestFiles.Sink sink;

    @BeforeEach
    void open() throws Exception {
        listen = new ScriptedPeer();
        transfer = new ScriptedPeer();
        sink = new TestFiles.Sink();
    }

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        listen.close();
        transfer.close();
    }

    private Future<TftpClient.Result> fetch(TftpClientOptions options) {
        return pool.submit(() -> new TftpClient(options.withTimeout(Duration.ofMillis(300))).fetch(listen.address(), "f", sink, TftpProgress.NONE));
    }

    private static final TftpClientOptions PLAIN = TftpClientOptions.defaults().withoutOptions();

    private static byte[] block(int size, int fill) {
        var b = new byte[size];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void error8MakesTheClientAskAgainWithoutOptions() throws Exception {
        var result = fetch(TftpClientOptions.defaults());
        var rrq = listen.expect(new ReadRequest("f", Mode.OCTET, TestFiles.options("blksize", "1448", "tsize", "0", "windowsize", "8")));
        transfer.send(new ErrorPacket(ErrorPacket.OPTION_REFUSED, "no options here"), rrq.from());
        var plain = listen.expect(new ReadRequest("f", Mode.OCTET));
        transfer.send(new Data(1, block(100, 1)), plain.from());
        transfer.expect(new Ack(1));
        assertThat(result.get().negotiated()).isFalse();
        assertThat(sink.toByteArray()).isEqualTo(block(100, 1));
    }

    @Test
    void oackGrantingMoreThanAskedIsRefusedThenPlainRequest() throws Exception {
        var result = fetch(TftpClientOptions.defaults());
        var rrq = listen.receive();
        transfer.send(new OptionAck(TestFiles.options("blksize", "9000")), rrq.from());
        assertThat(transfer.receive().packet()).isInstanceOfSatisfying(ErrorPacket.class, e -> assertThat(e.code()).isEqualTo(8));
        var plain = listen.expect(new ReadRequest("f", Mode.OCTET));
        transfer.send(new Data(1, block(3, 2)), plain.from());
        transfer.expect(new Ack(1));
        assertThat(result.get().bytes()).isEqualTo(3);
    }

    @Test
    void oackChangingTheTimeoutIsRefused() throws Exception {
        var result = fetch(TftpClientOptions.defaults().withServerTimeout(3));
        var rrq = listen.expect(new ReadRequest("f", Mode.OCTET,
                TestFiles.options("blksize", "1448", "tsize", "0", "timeout", "3", "windowsize", "8")));
        transfer.send(new OptionAck(TestFiles.options("timeout", "5")), rrq.from());
        assertThat(transfer.receive().packet()).isInstanceOfSatisfying(ErrorPacket.class, e -> assertThat(e.code()).isEqualTo(8));
        var plain = listen.expect(new ReadRequest("f", Mode.OCTET));
        transfer.send(new Data(1, block(0, 0)), plain.from());
        transfer.expect(new Ack(1));
        assertThat(result.get().negotiated()).isFalse();
    }

    @Test
    void oackToARequestWithoutOptionsIsAnError() throws Exception {
        var result = fetch(PLAIN);
        var client = listen.expect(new ReadRequest("f", Mode.OCTET)).from();
        transfer.send(new OptionAck(TestFiles.options("blksize", "512")), client);
        assertThat(transfer.receive().packet()).isInstanceOfSatisfying(ErrorPacket.class, e -> assertThat(e.code()).isEqualTo(8));
        assertThatThrownBy(result::get).cause().isInstanceOf(TftpException.class).hasMessageContaining("without options with an option acknowledgement");
    }

    @Test
    void packetsFromAnotherPortGetError5AndAreIgnored() throws Exception {
        var result = fetch(PLAIN);
        var client = listen.receive().from();
        transfer.send(new Data(1, block(512, 1)), client);
        transfer.expect(new Ack(1));
        try (var stranger = new ScriptedPeer()) {
            stranger.send(new Data(2, block(10, 9)), client);
            assertThat(stranger.receive().packet()).isInstanceOfSatisfying(ErrorPacket.class, e -> assertThat(e.code()).isEqualTo(5));
        }
        transfer.send(new Data(2, block(10, 2)), client);
        transfer.expect(new Ack(2));
        result.get();
        var expected = new byte[522];
        Arrays.fill(expected, 0, 512, (byte) 1);
        Arrays.fill(expected, 512, 522, (byte) 2);
        assertThat(sink.toByteArray()).isEqualTo(expected);
    }

    @Test
    void duplicateDataIsAcknowledgedAgainButWrittenOnce() throws Exception {
        var result = fetch(PLAIN);
        var client = listen.receive().from();
        transfer.send(new Data(1, block(512, 1)), client);
        transfer.expect(new Ack(1));
        transfer.send(new Data(1, block(512, 1)), client);
        transfer.expect(new Ack(1));
        transfer.send(new Data(2, block(0, 0)), client);
        transfer.expect(new Ack(2));
        assertThat(result.get().bytes()).isEqualTo(512);
        assertThat(sink.toByteArray()).isEqualTo(block(512, 1));
    }

    @Test
    void gapInAWindowIsAnsweredOnceWithTheLastInOrderBlock() throws Exception {
        var result = fetch(TftpClientOptions.defaults().withRequestSize(false));
        var client = listen.receive().from();
        transfer.send(new OptionAck(TestFiles.options("blksize", "512", "windowsize", "4")), client);
        transfer.expect(new Ack(0));
        transfer.send(new Data(1, block(512, 1)), client);
        transfer.send(new Data(3, block(512, 3)), client); // block 2 lost
        transfer.expect(new Ack(1));
        transfer.send(new Data(4, block(512, 4)), client);
        assertThat(transfer.poll(Duration.ofMillis(150))).as("no second ACK for the same gap").isNull();
        for (int b = 2; b <= 5; b++) transfer.send(new Data(b, block(512, b)), client);
        transfer.expect(new Ack(5));
        transfer.send(new Data(6, block(7, 6)), client);
        transfer.expect(new Ack(6));
        var r = result.get();
        assertThat(r.windowSize()).isEqualTo(4);
        var data = sink.toByteArray();
        assertThat(data).hasSize(5 * 512 + 7);
        for (int b = 1; b <= 6; b++) assertThat(data[(b - 1) * 512]).as("block " + b).isEqualTo((byte) b);
    }

    @Test
    void duplicateOackMeansOurAck0WasLost() throws Exception {
        var result = fetch(TftpClientOptions.defaults().withRequestSize(false).withWindowSize(1));
        var client = listen.receive().from();
        transfer.send(new OptionAck(TestFiles.options("blksize", "1000")), client);
        transfer.expect(new Ack(0));
        transfer.send(new OptionAck(TestFiles.options("blksize", "1000")), client);
        transfer.expect(new Ack(0));
        transfer.send(new Data(1, block(999, 1)), client);
        transfer.expect(new Ack(1));
        assertThat(result.get().blockSize()).isEqualTo(1000);
    }

    @Test
    void silenceEndsInATimeoutNamingHostAndFile() throws Exception {
        var result = pool.submit(() -> new TftpClient(PLAIN.withTimeout(Duration.ofMillis(50)).withRetries(2))
                .fetch(listen.address(), "boot/vmlinuz", sink, TftpProgress.NONE));
        for (int i = 0; i < 3; i++) assertThat(listen.receive().packet()).isInstanceOf(ReadRequest.class);
        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(TftpTimeoutException.class)
                .hasMessageContaining("no answer to the read request for boot/vmlinuz from TFTP server 127.0.0.1:" + listen.address().getPort())
                .hasMessageContaining("after 2 retransmissions");
    }

    @Test
    void lostAckIsRetransmittedOnTimeout() throws Exception {
        var result = fetch(PLAIN);
        var client = listen.receive().from();
        transfer.send(new Data(1, block(512, 1)), client);
        transfer.expect(new Ack(1));
        transfer.expect(new Ack(1)); // nothing came for 300 ms: the client says it again
        transfer.send(new Data(2, block(1, 2)), client);
        transfer.expect(new Ack(2));
        assertThat(result.get().retransmissions()).isEqualTo(1);
    }

    @Test
    void blockLargerThanNegotiatedIsAnError() throws Exception {
        var result = fetch(PLAIN);
        var client = listen.receive().from();
        transfer.send(new Data(1, block(600, 1)), client);
        assertThat(transfer.receive().packet()).isInstanceOfSatisfying(ErrorPacket.class, e -> assertThat(e.code()).isEqualTo(4));
        assertThatThrownBy(result::get).cause().isInstanceOf(TftpException.class).hasMessageContaining("600 bytes, more than the block size 512");
    }
}
