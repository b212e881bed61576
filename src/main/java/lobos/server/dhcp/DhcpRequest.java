package lobos.server.dhcp;

import java.util.List;
import lobos.net.dhcp.DhcpMessage;

/**
 * A request as the server received it.
 *
 * @param message the decoded message
 * @param link    the interface it came in on
 * @param local   the server's addresses on that interface (with their prefixes)
 * @param port    the server port it was sent to: 67, or 4011 (PXE's proxyDHCP port)
 * @param source  the sender's address (a relay, or a configured client), or 0
 * @param sourcePort the sender's port
 */
public record DhcpRequest(DhcpMessage message, String link, List<LinkAddress> local, int port, int source, int sourcePort) {
    /** An address of the server's interface. */
    public record LinkAddress(int address, int prefix) {
        public boolean sameSubnet(int other) {
            return (address & Ipv4.mask(prefix)) == (other & Ipv4.mask(prefix));
        }
    }

    public DhcpRequest {
        local = List.copyOf(local);
    }
}
