package lobos.tftp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * One UDP port of a TFTP endpoint: sends packets and receives them with a deadline. The
 * channel stays unconnected so packets from a wrong transfer ID are seen and answered.
 * Timed receives go through the channel's socket adaptor, which parks a virtual thread
 * instead of blocking its carrier.
 */
final class UdpPort implements AutoCloseable {
    /** A datagram that arrived: a packet, or the reason it is not one. */
    record Received(InetSocketAddress source, TftpPacket packet, TftpProtocolException malformed) {}

    private final DatagramChannel channel;
    private final DatagramSocket socket;
    private final byte[] receiveBuffer = new byte[TftpCodec.MAX_PACKET + 1];
    private final DatagramPacket datagram = new DatagramPacket(receiveBuffer, receiveBuffer.length);
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(TftpCodec.MAX_PACKET);

    private UdpPort(DatagramChannel channel) {
        this.channel = channel;
        this.socket = channel.socket();
    }

    /** A port bound to {@code local} (port 0 picks a free one). */
    static UdpPort bind(InetSocketAddress local) throws IOException {
        var channel = DatagramChannel.open(family(local.getAddress()));
        try {
            channel.bind(local);
            return new UdpPort(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A port on a free local port of the family that can reach {@code peer}. */
    static UdpPort forPeer(InetAddress peer) throws IOException {
        var any = peer instanceof Inet6Address ? "::" : "0.0.0.0";
        return bind(new InetSocketAddress(InetAddress.getByName(any), 0));
    }

    private static StandardProtocolFamily family(InetAddress address) {
        return address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** Asks for room for {@code bytes} of queued datagrams, so a whole window fits (the kernel may give less). */
    void receiveBuffer(int bytes) throws IOException {
        if (channel.getOption(StandardSocketOptions.SO_RCVBUF) < bytes) channel.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    void send(TftpPacket packet, InetSocketAddress to) throws IOException {
        sendBuffer.clear();
        TftpCodec.encode(packet, sendBuffer);
        sendBuffer.flip();
        channel.send(sendBuffer, to);
    }

    /** The next datagram, or null when none arrives before {@code deadline} (System.nanoTime()). */
    Received receive(long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) return null;
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000)));
        try {
            return receiveNow();
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** Waits for a datagram with no deadline (the server's request port); null once the port is closed. */
    Received receive() throws IOException {
        socket.setSoTimeout(0);
        try {
            return receiveNow();
        } catch (IOException e) {
            if (!channel.isOpen()) return null;
            throw e;
        }
    }

    private Received receiveNow() throws IOException {
        datagram.setData(receiveBuffer);
        socket.receive(datagram);
        var source = (InetSocketAddress) datagram.getSocketAddress();
        try {
            return new Received(source, TftpCodec.decode(receiveBuffer, 0, datagram.getLength()), null);
        } catch (TftpProtocolException e) {
            return new Received(source, null, e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
