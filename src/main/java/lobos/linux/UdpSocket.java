package lobos.linux;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;

/**
 * A UDP socket tied to one network interface (SO_BINDTODEVICE), made through FFM because the
 * JDK's sockets cannot send a broadcast from an interface that has no address yet (FACTS.md):
 * the DHCP client's socket on port 68 (IPv4, with SO_BROADCAST) and 546 (IPv6). Closing it
 * ends a {@link #receive} in progress at its next slice.
 */
public final class UdpSocket implements AutoCloseable {
    /** A datagram and who sent it. */
    public record Datagram(byte[] data, InetAddress source, int port) {}

    private final int fd;
    private final String device;
    private final boolean ipv6;
    private final int index;
    private volatile boolean closed;

    private UdpSocket(int fd, String device, boolean ipv6, int index) {
        this.fd = fd;
        this.device = device;
        this.ipv6 = ipv6;
        this.index = index;
    }

    /** An IPv4 socket on {@code device}, bound to 0.0.0.0:{@code port}, allowed to broadcast. */
    public static UdpSocket ipv4(String device, int port) {
        int fd = Sockets.socket(Sockets.AF_INET, Sockets.SOCK_DGRAM, 0, "udp " + device);
        try {
            Sockets.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, 1, device);
            Sockets.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_BROADCAST, 1, device);
            Sockets.bindToDevice(fd, device);
            Sockets.bind(fd, sockaddrIn(new byte[4], port), "0.0.0.0:" + port + " on " + device);
            return new UdpSocket(fd, device, false, Sockets.interfaceIndex(device));
        } catch (RuntimeException e) {
            Sockets.close(fd);
            throw e;
        }
    }

    /** An IPv6 socket on {@code device}, bound to [::]:{@code port}; multicast goes out of {@code device}. */
    public static UdpSocket ipv6(String device, int port) {
        int fd = Sockets.socket(Sockets.AF_INET6, Sockets.SOCK_DGRAM, 0, "udp6 " + device);
        try {
            int index = Sockets.interfaceIndex(device);
            Sockets.setInt(fd, Sockets.IPPROTO_IPV6, Sockets.IPV6_V6ONLY, 1, device);
            Sockets.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_REUSEADDR, 1, device);
            Sockets.bindToDevice(fd, device);
            Sockets.setInt(fd, Sockets.IPPROTO_IPV6, Sockets.IPV6_MULTICAST_IF, index, device);
            Sockets.bind(fd, sockaddrIn6(new byte[16], port, 0), "[::]:" + port + " on " + device);
            return new UdpSocket(fd, device, true, index);
        } catch (RuntimeException e) {
            Sockets.close(fd);
            throw e;
        }
    }

    /**
     * Asks for a receive buffer of {@code bytes}: past net.core.rmem_max when the process may
     * (SO_RCVBUFFORCE, root), else up to it. A server that many clients hit at once (a cluster
     * powering on) then queues their requests instead of dropping them.
     */
    public void receiveBuffer(int bytes) {
        try {
            Sockets.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUFFORCE, bytes, device);
        } catch (KernelException e) {
            Sockets.setInt(fd, Sockets.SOL_SOCKET, Sockets.SO_RCVBUF, bytes, device);
        }
    }

    public String device() {
        return device;
    }

    public void send(byte[] data, InetAddress to, int port) {
        byte[] addr = to.getAddress();
        if (ipv6 != (addr.length == 16)) throw new IllegalArgumentException(to + " is not of the socket's family");
        byte[] sockaddr = ipv6 ? sockaddrIn6(addr, port, index) : sockaddrIn(addr, port);
        Sockets.sendTo(fd, data, data.length, sockaddr, to.getHostAddress() + ":" + port + " from " + device);
    }

    /** The next datagram, or null if none came within {@code timeout} (or the socket was closed). */
    public Datagram receive(Duration timeout) throws InterruptedException {
        if (closed) return null;
        Sockets.Received r = Sockets.receive(fd, 65_536, timeout, "udp " + device);
        if (r == null) return null;
        ByteBuffer s = ByteBuffer.wrap(r.source());
        int port = s.remaining() >= 4 ? Short.toUnsignedInt(s.order(ByteOrder.BIG_ENDIAN).getShort(2)) : 0;
        InetAddress source;
        try {
            byte[] a = ipv6 ? Arrays.copyOfRange(r.source(), 8, 24) : Arrays.copyOfRange(r.source(), 4, 8);
            source = ipv6 ? Inet6Address.getByAddress(null, a, index) : InetAddress.getByAddress(a);
        } catch (UnknownHostException | ArrayIndexOutOfBoundsException e) {
            source = null;
        }
        return new Datagram(r.data(), source, port);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Sockets.close(fd);
    }

    static byte[] sockaddrIn(byte[] address, int port) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        b.putShort((short) Sockets.AF_INET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) port);
        b.put(address);
        return b.array();
    }

    static byte[] sockaddrIn6(byte[] address, int port, int scope) {
        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
        b.putShort((short) Sockets.AF_INET6);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) port);
        b.putInt(0);
        b.put(address);
        b.order(ByteOrder.nativeOrder()).putInt(scope);
        return b.array();
    }
}
