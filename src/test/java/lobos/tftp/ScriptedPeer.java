package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/** One UDP port on 127.0.0.1 that a test drives packet by packet, to play a server or client exactly. */
final class ScriptedPeer implements AutoCloseable {
    record Got(InetSocketAddress from, TftpPacket packet) {}

    private final UdpPort port;

    ScriptedPeer() throws IOException {
        this("127.0.0.1");
    }

    /** A peer on another loopback address (127.0.0.2...), for tests that need several client hosts. */
    ScriptedPeer(String address) throws IOException {
        port = UdpPort.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    }

    InetSocketAddress address() throws IOException {
        return port.localAddress();
    }

    void send(TftpPacket packet, InetSocketAddress to) throws IOException {
        port.send(packet, to);
    }

    /** The next packet within 5 s; fails the test if none comes. */
    Got receive() throws IOException {
        var got = poll(Duration.ofSeconds(5));
        assertThat(got).as("a packet within 5 s").isNotNull();
        return got;
    }

    /** The next packet, which must be {@code expected}. */
    Got expect(TftpPacket expected) throws IOException {
        var got = receive();
        assertThat(got.packet()).isEqualTo(expected);
        return got;
    }

    /** The next packet within {@code wait}, or null. */
    Got poll(Duration wait) throws IOException {
        var r = port.receive(System.nanoTime() + wait.toNanos());
        if (r == null) return null;
        assertThat(r.malformed()).isNull();
        return new Got(r.source(), r.packet());
    }

    @Override
    public void close() throws IOException {
        port.close();
    }
}
