package lobos.server.dhcp;

import lobos.net.dhcp.DhcpMessage;

/**
 * What the server sends back, and where.
 *
 * @param message the reply
 * @param to      the destination address; {@link #BROADCAST} for 255.255.255.255 on the request's interface
 * @param port    68 to a client, 67 to a relay, or the port a proxyDHCP request came from
 * @param maxSize the largest message the client accepts (its option 57, at least 576)
 */
public record DhcpReply(DhcpMessage message, int to, int port, int maxSize) {
    public static final int BROADCAST = -1;
}
