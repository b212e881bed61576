package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import lobos.tftp.TftpPacket.Ack;
import lobos.tftp.TftpPacket.Data;
import lobos.tftp.TftpPacket.ErrorPacket;
import lobos.tftp.TftpPacket.Mode;
import lobos.tftp.TftpPacket.OptionAck;
import lobos.tftp.TftpPacket.ReadRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** lobos's server against a client played packet by packet. */
class TftpServerProtocolTest {
    private static final byte[] FILE = TestFiles.random(512 * 6 + 100, 42);

    private TftpServer server;
    private ScriptedPeer client;

    @BeforeEach
    void start() throws Exception {
        var config = TftpServerConfig.on(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)).withTimeout(Duration.ofMillis(400));
        server = TftpServer.start(config, (name, c) -> name.equals("f") ? Optional.of(TftpContent.of(FILE)) : Optional.empty());
        client = new ScriptedPeer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        client.close();
    }

    private static Data block(int n, int size) {
        return new Data(n, Arrays.copyOfRange(FILE, (n - 1) * size, Math.min(FILE.length, n * size)));
    }

    /** RFC 1123 4.2.3.1: a duplicate ACK must not make the sender resend. */
    @Test
    void duplicateAckDoesNotResendData() throws Exception {
        client.send(new ReadRequest("f", Mode.OCTET), server.address());
        var tid = client.expect(block(1, 512)).from();
        assertThat(tid.getPort()).isNotEqualTo(server.address().getPort());
        client.send(new Ack(1), tid);
        client.expect(block(2, 512));
        client.send(new Ack(1), tid); // a delayed copy of the first ACK
        assertThat(client.poll(Duration.ofMillis(200))).as("nothing sent for a duplicate ACK").isNull();
        client.send(new Ack(2), tid);
        client.expect(block(3, 512));
    }

    @Test
    void silenceIsAnsweredByRetransmission() throws Exception {
        client.send(new ReadRequest("f", Mode.OCTET), server.address());
        var tid = client.expect(block(1, 512)).from();
        assertThat(client.receive()).isEqualTo(new ScriptedPeer.Got(tid, block(1, 512)));
    }

    @Test
    void negotiatesAndResendsTheWindowFromTheAcknowledgedBlock() throws Exception {
        client.send(new ReadRequest("f", Mode.OCTET, TestFiles.options("blksize", "512", "windowsize", "4", "tsize", "0", "foo", "bar")), server.address());
        var tid = client.expect(new OptionAck(TestFiles.options("blksize", "512", "windowsize", "4", "tsize", Integer.toString(FILE.length)))).from();
        client.send(new Ack(0), tid);
        for (int b = 1; b <= 4; b++) client.expect(block(b, 512));
        client.send(new Ack(2), tid); // 3 was lost
        for (int b = 3; b <= 6; b++) client.expect(block(b, 512));
        client.send(new Ack(6), tid);
        client.expect(block(7, 512));
        client.send(new Ack(7), tid);
        assertThat(client.poll(Duration.ofMillis(600))).as("done after the last ACK").isNull();
    }

    @Test
    void grantsAtMostItsLimitsAndIgnoresBadValues() throws Exception {
        client.send(new ReadRequest("f", Mode.OCTET, TestFiles.options("blksize", "99999", "windowsize", "5000", "timeout", "0")), server.address());
        client.expect(new OptionAck(TestFiles.options("blksize", "65464", "windowsize", "64")));
    }

    @Test
    void strangersGetError5AndTheTransferGoesOn() throws Exception {
        client.send(new ReadRequest("f", Mode.OCTET), server.address());
        var tid = client.expect(block(1, 512)).from();
        try (var stranger = new ScriptedPeer()) {
            stranger.send(new Ack(1), tid);
            assertThat(stranger.receive().packet()).isInstanceOfSatisfying(ErrorPacket.class, e -> assertThat(e.code()).isEqualTo(5));
        }
        client.send(new Ack(1), tid);
        client.expect(block(2, 512));
    }

    @Test
    void errorsForMissingFilesMailModeAndGarbage() throws Exception {
        client.send(new ReadRequest("nope", Mode.OCTET), server.address());
        assertThat(client.receive().packet()).isEqualTo(new ErrorPacket(1, "File not found"));
        client.send(new ReadRequest("f", Mode.MAIL), server.address());
        assertThat(client.receive().packet()).isInstanceOfSatisfying(ErrorPacket.class, e -> assertThat(e.code()).isEqualTo(4));
        client.send(new TftpPacket.WriteRequest("f", Mode.OCTET, TestFiles.options()), server.address());
        assertThat(client.receive().packet()).isInstanceOfSatisfying(ErrorPacket.class, e -> assertThat(e.code()).isEqualTo(2));
    }

    @Test
    void retransmittedRequestDoesNotStartASecondTransfer() throws Exception {
        var rrq = new ReadRequest("f", Mode.OCTET);
        client.send(rrq, server.address());
        client.send(rrq, server.address());
        var tid = client.expect(block(1, 512)).from();
        client.send(new Ack(1), tid);
        assertThat(client.receive()).isEqualTo(new ScriptedPeer.Got(tid, block(2, 512)));
    }
}
