package lobos.net.dhcp6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import lobos.net.dhcp.JumpingClock;
import lobos.net.dhcp.DhcpFormatException;
import lobos.net.dhcp.DhcpTimeoutException;
import org.junit.jupiter.api.Test;

class Dhcp6ClientTest {
    static final byte[] MAC = {0x52, 0x54, 0, 0x12, 0x34, 0x56};

    /** A scripted server on a jumping clock, as in the DHCPv4 tests. */
    static final class Net extends JumpingClock implements Dhcp6Client.Transport {
        final List<Dhcp6Message> sent = new ArrayList<>();
        final List<Long> at = new ArrayList<>();
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        final java.util.function.Function<Dhcp6Message, List<byte[]>> server;

        Net(java.util.function.Function<Dhcp6Message, List<byte[]>> server) {
            this.server = server;
        }

        @Override
        public void send(byte[] packet) {
            Dhcp6Message m = Dhcp6Message.decode(packet);
            sent.add(m);
            at.add(now / 1_000_000);
            queue.addAll(server.apply(m));
        }

        @Override
        public byte[] receive(Duration timeout) {
            return next(queue, timeout);
        }

        @Override
        public void close() {}
    }

    /** A reply as dnsmasq writes one, bytes by hand: server id, IA_NA with 2001:db8::150, DNS, domain list, boot URL. */
    static byte[] reply(int type, int xid, byte[] clientId) {
        String serverId = "0002000c" + "00010001aabbccddeeff0102";
        String ia = "00030028" + "12345600" + "0000012c" + "0000020d"
                + "00050018" + "20010db8000000000000000000000150" + "00000258" + "00000258";
        String dns = "00170010" + "20010db8000000000000000000000053";
        String domains = "0018000a" + "036c6162047465737400";
        String url = "003b001e" + HexFormat.of().formatHex("http://[2001:db8::1]/boot.ipxe".getBytes());
        String params = "003c000c" + "0004" + "726f6f74" + "0004" + "3d2f6e66"; // "root", "=/nf"
        String client = "0001" + String.format("%04x", clientId.length) + HexFormat.of().formatHex(clientId);
        return HexFormat.of().parseHex(String.format("%02x%06x", type, xid) + client + serverId + ia + dns + domains + url + params);
    }

    @Test
    void solicitAdvertiseRequestReply() throws Exception {
        Net net = new Net(m -> List.of(reply(m.type() == Dhcp6Message.SOLICIT ? Dhcp6Message.ADVERTISE : Dhcp6Message.REPLY,
                m.xid(), m.first(Dhcp6Message.OPTION_CLIENTID).orElseThrow())));
        Dhcp6Client c = new Dhcp6Client("eth0", MAC, net, net, new Random(3), s -> {});
        Dhcp6Lease lease = c.obtain(Duration.ofSeconds(10));
        assertThat(net.sent).extracting(Dhcp6Message::type).containsExactly(Dhcp6Message.SOLICIT, Dhcp6Message.REQUEST);
        assertThat(HexFormat.of().formatHex(net.sent.get(0).first(Dhcp6Message.OPTION_CLIENTID).orElseThrow()))
                .isEqualTo("00030001525400123456");
        assertThat(HexFormat.of().formatHex(net.sent.get(0).first(Dhcp6Message.OPTION_ORO).orElseThrow())).isEqualTo("00170018003b003c");
        assertThat(net.sent.get(1).first(Dhcp6Message.OPTION_SERVERID)).isPresent();
        assertThat(lease.address().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:150");
        assertThat(List.of(lease.validSeconds(), lease.renewSeconds(), lease.rebindSeconds())).containsExactly(600L, 300L, 525L);
        assertThat(lease.dns()).extracting(a -> a.getHostAddress()).containsExactly("2001:db8:0:0:0:0:0:53");
        assertThat(lease.search()).containsExactly("lab.test");
        assertThat(lease.bootFileUrl()).isEqualTo("http://[2001:db8::1]/boot.ipxe");
        assertThat(lease.bootFileParameters()).containsExactly("root", "=/nf");
    }

    @Test
    void silenceIsABoundedFailureWithDoublingRetransmissions() {
        Net net = new Net(m -> List.of());
        Dhcp6Client c = new Dhcp6Client("eth0", MAC, net, net, new Random(3), s -> {});
        assertThatThrownBy(() -> c.obtain(Duration.ofSeconds(20))).isInstanceOf(DhcpTimeoutException.class)
                .hasMessage("no DHCPv6 answer on eth0 after 20 s");
        // 1, 2, 4, 8 s apart (±10 %)
        assertThat(net.at.get(1) - net.at.get(0)).isBetween(900L, 1100L);
        assertThat(net.at.get(2) - net.at.get(1)).isBetween(1800L, 2200L);
        assertThat(net.at.get(3) - net.at.get(2)).isBetween(3600L, 4400L);
        assertThat(net.nanos()).isEqualTo(20_000_000_000L);
    }

    @Test
    void malformedMessagesNameTheField() {
        assertThatThrownBy(() -> Dhcp6Message.decode(new byte[] {7, 0, 0})).isInstanceOfSatisfying(DhcpFormatException.class,
                e -> assertThat(e.field()).isEqualTo("DHCPv6 header"));
        assertThatThrownBy(() -> Dhcp6Message.decode(HexFormat.of().parseHex("07000001000100ff00"))).hasMessageContaining(
                "DHCPv6 option 1 at byte 4: its value of 255 bytes runs past the end");
        assertThatThrownBy(() -> Dhcp6Message.decode(HexFormat.of().parseHex("0700000100"))).hasMessageContaining(
                "DHCPv6 option header");
        byte[] r = reply(Dhcp6Message.REPLY, 1, new byte[] {0, 3, 0, 1, 1, 2, 3, 4, 5, 6});
        Dhcp6Message m = Dhcp6Message.decode(r);
        assertThat(Dhcp6Message.decode(m.encode())).isEqualTo(m);
        assertThat(m.encode()).isEqualTo(r);
    }
}
