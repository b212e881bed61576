package lobos.netboot;

import java.net.Inet4Address;
import lobos.net.dhcp.DhcpCodec;
import lobos.net.dhcp.DhcpMessage;
import lobos.net.dhcp.DhcpOption;
import lobos.net.dhcp.DhcpOptions;
import lobos.net.dhcp.DhcpTransport;
import lobos.net.dhcp.MessageType;

/**
 * A DHCP server in memory, as a client's transport: it offers and acknowledges one address at
 * once, with the options given. The warm-up's network ({@link NetworkSteps#rehearse}), and the
 * tests'.
 */
final class MemoryDhcpServer extends MemoryAnswers implements DhcpTransport {
    private final Inet4Address offered;
    private final Inet4Address server;
    private final DhcpOptions extra;

    MemoryDhcpServer(Inet4Address offered, Inet4Address server, DhcpOptions extra) {
        this.offered = offered;
        this.server = server;
        this.extra = extra;
    }

    @Override
    public void broadcast(byte[] packet) {
        DhcpMessage m = DhcpCodec.decode(packet);
        if (m.type() == null) return; // BOOTP requests get nothing
        MessageType type = m.type() == MessageType.DISCOVER ? MessageType.OFFER : MessageType.ACK;
        DhcpOptions.Builder o = DhcpOptions.builder().u8(DhcpOption.MESSAGE_TYPE, type.code).address(DhcpOption.SERVER_ID, server);
        for (int code : extra.codes()) o.put(code, extra.bytes(code).orElseThrow());
        answers.add(DhcpCodec.encode(new DhcpMessage(DhcpMessage.BOOTREPLY, 1, 6, 0, m.xid(), 0, 0, null, offered, server, null,
                m.chaddr(), "", "", o.build())));
    }

    @Override
    public void unicast(byte[] packet, Inet4Address to) {}
}
