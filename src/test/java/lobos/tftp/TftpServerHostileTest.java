package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import lobos.tftp.TftpPacket.Ack;
import lobos.tftp.TftpPacket.Data;
import lobos.tftp.TftpPacket.ErrorPacket;
import lobos.tftp.TftpPacket.Mode;
import lobos.tftp.TftpPacket.OptionAck;
import lobos.tftp.TftpPacket.ReadRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server against clients that try to break it or to keep it for themselves: one malformed
 * request must not end the listener, and one client host must not hold every transfer slot.
 */
class TftpServerHostileTest {
    private static final byte[] FILE = TestFiles.random(512 * 3 + 10, 7);
    private static final TftpFiles ONE_FILE = (name, client) -> {
        if (name.startsWith("refuse")) throw new TftpException("refused \"" + name + "\"", null);
        return name.equals("f") ? Optional.of(TftpContent.of(FILE)) : Optional.empty();
    };

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (var c : open.reversed()) c.close();
    }

    private TftpServer start(TftpServerConfig config) {
        var server = TftpServer.start(config, ONE_FILE);
        open.add(server);
        return server;
    }

    private ScriptedPeer peer(String address) throws Exception {
        var peer = new ScriptedPeer(address);
        open.add(peer);
        return peer;
    }

    private static TftpServerConfig config() throws Exception {
        return TftpServerConfig.on(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)).withTimeout(Duration.ofMillis(400));
    }

    private static Data block(int n) {
        return new Data(n, Arrays.copyOfRange(FILE, (n - 1) * 512, Math.min(FILE.length, n * 512)));
    }

    /** The whole file, lock-step, from a fresh peer on {@code address}. */
    private void fetchWhole(TftpServer server, String address) throws Exception {
        var client = peer(address);
        client.send(new ReadRequest("f", Mode.OCTET), server.address());
        var tid = client.expect(block(1)).from();
        for (int b = 1; b <= 4; b++) {
            if (b > 1) client.expect(block(b));
            client.send(new Ack(b), tid);
        }
    }

    /** Issue 8: the ERROR that echoed a 65,500-byte mode overflowed its packet and ended the listener. */
    @Test
    void aRequestWithAHugeModeGetsAShortErrorAndTheServerGoesOn() throws Exception {
        var server = start(config());
        byte[] mode = new byte[65_500];
        Arrays.fill(mode, (byte) 'x');
        var rrq = new java.io.ByteArrayOutputStream();
        rrq.write(new byte[] {0, 1, 'f', 0});
        rrq.write(mode);
        rrq.write(0);
        try (var socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            socket.setSoTimeout(5000);
            socket.send(new DatagramPacket(rrq.toByteArray(), rrq.size(), server.address()));
            var reply = new DatagramPacket(new byte[65536], 65536);
            socket.receive(reply);
            var error = (ErrorPacket) TftpCodec.decode(reply.getData(), 0, reply.getLength());
            assertThat(error.code()).isEqualTo(ErrorPacket.ILLEGAL_OPERATION);
            assertThat(error.message()).startsWith("malformed TFTP packet: mode at byte 4: unknown transfer mode \"xxx");
            assertThat(error.message().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ErrorPacket.MAX_MESSAGE);
        }
        fetchWhole(server, "127.0.0.1");
    }

    @Test
    void aRefusalThatNamesAHugeFileFitsInOnePacket() throws Exception {
        var server = start(config());
        var client = peer("127.0.0.1");
        client.send(new ReadRequest("refuse" + "y".repeat(65_000), Mode.OCTET), server.address());
        var error = (ErrorPacket) client.receive().packet();
        assertThat(error.code()).isEqualTo(ErrorPacket.ACCESS_VIOLATION);
        assertThat(error.message()).startsWith("refused \"refuseyyy").endsWith("...");
        fetchWhole(server, "127.0.0.1");
    }

    /**
     * Issue 8: 64 requests asking for timeout 255 that are never acknowledged held every slot
     * for about 25 minutes. Now one host gets at most maxPerClient slots, and the timeout it
     * asks for is granted only up to the server's maxTimeout.
     */
    @Test
    void oneHostCannotHoldEverySlot() throws Exception {
        var server = start(config());
        var attacker = new ArrayList<ScriptedPeer>();
        for (int i = 0; i < 64; i++) {
            var p = peer("127.0.0.1");
            attacker.add(p);
            p.send(new ReadRequest("f", Mode.OCTET, TestFiles.options("timeout", "255")), server.address());
        }
        Thread.sleep(500); // every request is in (each answer is sent at once)
        int answered = 0;
        for (var p : attacker) {
            var got = p.poll(Duration.ofMillis(20));
            if (got == null) continue;
            answered++;
            assertThat(got.packet()).as("timeout 255 is not granted").isEqualTo(block(1));
        }
        assertThat(answered).isEqualTo(TftpServerConfig.DEFAULT_MAX_PER_CLIENT);
        fetchWhole(server, "127.0.0.2");
    }

    @Test
    void theGlobalLimitStillHolds() throws Exception {
        var server = start(config().withMaxTransfers(3).withMaxPerClient(2));
        var a1 = peer("127.0.0.3");
        var a2 = peer("127.0.0.3");
        var b1 = peer("127.0.0.4");
        var b2 = peer("127.0.0.4");
        for (var p : List.of(a1, a2, b1)) p.send(new ReadRequest("f", Mode.OCTET), server.address());
        for (var p : List.of(a1, a2, b1)) p.expect(block(1));
        b2.send(new ReadRequest("f", Mode.OCTET), server.address());
        assertThat(b2.poll(Duration.ofMillis(300))).as("dropped: all 3 slots are taken").isNull();
    }

    @Test
    void aTimeoutUpToTheMaximumIsGranted() throws Exception {
        var server = start(config());
        var client = peer("127.0.0.1");
        client.send(new ReadRequest("f", Mode.OCTET, TestFiles.options("timeout", "255", "tsize", "0")), server.address());
        client.expect(new OptionAck(TestFiles.options("tsize", Integer.toString(FILE.length))));
        var other = peer("127.0.0.1");
        other.send(new ReadRequest("f", Mode.OCTET, TestFiles.options("timeout", "3")), server.address());
        other.expect(new OptionAck(TestFiles.options("timeout", "3")));
    }

    /** A client that acknowledges every block just before the timeout is cut off at the deadline. */
    @Test
    void aTransferEndsAtItsDeadline() throws Exception {
        var server = start(config().withMaxTransferTime(Duration.ofSeconds(1)));
        var client = peer("127.0.0.1");
        client.send(new ReadRequest("f", Mode.OCTET, TestFiles.options("blksize", "8")), server.address());
        var tid = client.expect(new OptionAck(TestFiles.options("blksize", "8"))).from();
        client.send(new Ack(0), tid);
        ErrorPacket end = null;
        for (int b = 1; b < 200 && end == null; b++) {
            var got = client.receive();
            if (got.packet() instanceof ErrorPacket e) {
                end = e;
                break;
            }
            Thread.sleep(250); // well inside the 400 ms timeout: the transfer never stalls
            client.send(new Ack(b), tid);
        }
        assertThat(end).as("an ERROR ends the transfer").isNotNull();
        assertThat(end.message()).contains("longer than 1 s");
        fetchWhole(server, "127.0.0.1");
    }
}
