package lobos.net.dhcp;

import java.net.Inet4Address;
import java.time.Duration;

/** Where a DHCP client's datagrams go: port 67 of a server or of everyone on the link. A seam for tests. */
public interface DhcpTransport extends AutoCloseable {
    /** Sends to 255.255.255.255:67 on the client's interface. */
    void broadcast(byte[] packet);

    /** Sends to {@code server}:67 (renewing a lease). */
    void unicast(byte[] packet, Inet4Address server);

    /** The next datagram to port 68, or null when none came within {@code timeout}. */
    byte[] receive(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
