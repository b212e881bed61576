package lobos.net.dhcp;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A transport whose "network" is a function from each request the client sends to the replies
 * a server would send, and whose clock jumps: a receive with nothing queued moves the clock to
 * its deadline at once. Records what was sent and when.
 */
final class ScriptedServer extends JumpingClock implements DhcpTransport {
    record Sent(long atMillis, DhcpMessage message, Inet4Address to) {}

    final List<Sent> sent = new ArrayList<>();
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private final Function<DhcpMessage, List<byte[]>> server;

    ScriptedServer(Function<DhcpMessage, List<byte[]>> server) {
        this.server = server;
    }

    @Override
    public void broadcast(byte[] packet) {
        unicast(packet, null);
    }

    @Override
    public void unicast(byte[] packet, Inet4Address server) {
        DhcpMessage m = DhcpCodec.decode(packet);
        sent.add(new Sent(now / 1_000_000, m, server));
        queue.addAll(this.server.apply(m));
    }

    @Override
    public byte[] receive(Duration timeout) {
        return next(queue, timeout);
    }

    @Override
    public void close() {}

    List<MessageType> types() {
        return sent.stream().map(s -> s.message().type()).toList();
    }

    /** A reply to {@code request} of {@code type} offering yiaddr, with the given options after 53. */
    static byte[] reply(DhcpMessage request, MessageType type, String yiaddr, DhcpOptions extra) {
        DhcpOptions.Builder o = DhcpOptions.builder();
        if (type != null) o.u8(DhcpOption.MESSAGE_TYPE, type.code);
        extra.codes().forEach(c -> o.put(c, extra.bytes(c).orElseThrow()));
        DhcpMessage m = new DhcpMessage(DhcpMessage.BOOTREPLY, 1, 6, 0, request.xid(), 0, request.flags(), null,
                DhcpCodecTest.ip(yiaddr), DhcpCodecTest.ip("192.0.2.1"), null, request.chaddr(), "", "", o.build());
        return DhcpCodec.encode(m);
    }

    static DhcpOptions server(String id, long lease) {
        return DhcpOptions.builder().address(DhcpOption.SERVER_ID, DhcpCodecTest.ip(id)).u32(DhcpOption.LEASE_TIME, lease)
                .address(DhcpOption.SUBNET_MASK, DhcpCodecTest.ip("255.255.255.0")).build();
    }
}
