package lobos.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import lobos.linux.UdpSocket;
import lobos.net.dhcp.DhcpMessage;

/**
 * A server's UDP socket on one interface (SO_BINDTODEVICE, SO_BROADCAST, bound to 0.0.0.0:PORT):
 * it receives the broadcasts and unicasts that reach that port through the interface, and its
 * broadcasts leave through that interface, which a JDK socket cannot promise on a machine with
 * several. The manager's DHCP server (ports 67 and 4011) runs one per interface it serves.
 */
public final class LinkSocket implements AutoCloseable {
    /** A datagram and who sent it. */
    public record Datagram(byte[] data, Inet4Address source, int port) {}

    private final UdpSocket socket;

    public LinkSocket(String link, int port) {
        this.socket = UdpSocket.ipv4(link, port);
    }

    /** Asks for a receive buffer of {@code bytes} (a server facing a herd of clients). */
    public void receiveBuffer(int bytes) {
        socket.receiveBuffer(bytes);
    }

    public String link() {
        return socket.device();
    }

    /** Sends to 255.255.255.255:{@code port} on the interface. */
    public void broadcast(byte[] data, int port) {
        socket.send(data, DhcpMessage.BROADCAST, port);
    }

    public void send(byte[] data, Inet4Address to, int port) {
        socket.send(data, to, port);
    }

    /** The next datagram, or null when none came within {@code timeout} (or the socket was closed). */
    public Datagram receive(Duration timeout) throws InterruptedException {
        UdpSocket.Datagram d = socket.receive(timeout);
        if (d == null) return null;
        InetAddress source = d.source();
        return new Datagram(d.data(), source instanceof Inet4Address a ? a : null, d.port());
    }

    @Override
    public void close() {
        socket.close();
    }
}
