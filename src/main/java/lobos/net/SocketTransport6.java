package lobos.net;

import java.time.Duration;
import lobos.linux.Errno;
import lobos.linux.KernelException;
import lobos.linux.UdpSocket;
import lobos.net.dhcp6.Dhcp6Client;

/**
 * The DHCPv6 client's socket: UDP port 546 on its interface, sending to ff02::1:2. While the
 * kernel's link-local address is still tentative (duplicate address detection, about a second
 * after the link comes up) a send fails with EADDRNOTAVAIL; that send is skipped and the
 * client's retransmission tries again.
 */
public final class SocketTransport6 implements Dhcp6Client.Transport {
    private final UdpSocket socket;

    public SocketTransport6(String link) {
        this.socket = UdpSocket.ipv6(link, Dhcp6Client.CLIENT_PORT);
    }

    @Override
    public void send(byte[] packet) {
        try {
            socket.send(packet, Dhcp6Client.SERVERS, Dhcp6Client.SERVER_PORT);
        } catch (KernelException e) {
            if (e.errno() != 99 && e.errnoName() != Errno.ENODEV) throw e; // 99: EADDRNOTAVAIL
        }
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
