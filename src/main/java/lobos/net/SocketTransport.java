package lobos.net;

import java.net.Inet4Address;
import java.time.Duration;
import lobos.linux.UdpSocket;
import lobos.net.dhcp.DhcpClient;
import lobos.net.dhcp.DhcpMessage;
import lobos.net.dhcp.DhcpTransport;

/** The DHCP client's real transport: a UDP socket on port 68 bound to its interface. */
public final class SocketTransport implements DhcpTransport {
    private final UdpSocket socket;

    public SocketTransport(String link) {
        this.socket = UdpSocket.ipv4(link, DhcpClient.CLIENT_PORT);
    }

    @Override
    public void broadcast(byte[] packet) {
        socket.send(packet, DhcpMessage.BROADCAST, DhcpClient.SERVER_PORT);
    }

    @Override
    public void unicast(byte[] packet, Inet4Address server) {
        socket.send(packet, server, DhcpClient.SERVER_PORT);
    }

    @Override
    public byte[] receive(Duration timeout) throws InterruptedException {
        UdpSocket.Datagram d = socket.receive(timeout);
        return d == null ? null : d.data();
    }

    @Override
    public void close() {
        socket.close();
    }
}
