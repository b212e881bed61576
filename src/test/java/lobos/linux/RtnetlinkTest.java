package lobos.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rtnetlink framing, checked against the layouts of rtnetlink(7) written out by hand. */
class RtnetlinkTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String le32(int v) {
        return hex(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    @Test
    void addsAnAddressWithItsBroadcastAndLifetime() {
        byte[] m = Rtnetlink.address(true, 3, InetAddress.ofLiteral("192.0.2.50"), 24, 600, 7);
        // nlmsghdr: length 68, RTM_NEWADDR (20), REQUEST|ACK|CREATE|REPLACE (0x505), seq 7, pid 0
        assertThat(hex(m)).isEqualTo(le32(68) + "1400" + "0505" + le32(7) + le32(0)
                // ifaddrmsg: AF_INET, /24, flags 0, scope universe, index 3
                + "02" + "18" + "00" + "00" + le32(3)
                + "0800" + "0200" + "c0000232" // IFA_LOCAL
                + "0800" + "0100" + "c0000232" // IFA_ADDRESS
                + "0800" + "0400" + "c00002ff" // IFA_BROADCAST
                + "1400" + "0600" + le32(600) + le32(600) + le32(0) + le32(0)); // IFA_CACHEINFO
    }

    @Test
    void addsADefaultRouteThroughAGateway() {
        byte[] m = Rtnetlink.route(2, null, 0, InetAddress.ofLiteral("192.0.2.1"), 0, 9);
        assertThat(hex(m)).isEqualTo(le32(44) + "1800" + "0505" + le32(9) + le32(0)
                // rtmsg: AF_INET, dst_len 0, src_len 0, tos 0, main table, proto boot, scope universe, unicast, flags
                + "02" + "00" + "00" + "00" + "fe" + "03" + "00" + "01" + le32(0)
                + "0800" + "0500" + "c0000201" // RTA_GATEWAY
                + "0800" + "0400" + le32(2)); // RTA_OIF
    }

    @Test
    void setsALinkUpWithItsMtu() {
        byte[] m = Rtnetlink.setLink(5, true, 1400, 1);
        assertThat(hex(m)).isEqualTo(le32(40) + "1000" + "0500" + le32(1) + le32(0)
                + "00" + "00" + "0000" + le32(5) + le32(1) + le32(1)
                + "0800" + "0400" + le32(1400));
    }

    @Test
    void readsLinksAddressesAndRoutesFromDumps() {
        byte[] name = "eth0\0".getBytes();
        ByteBuffer link = ByteBuffer.allocate(16 + 12 + 12 + 8 + 8 + 8).order(ByteOrder.nativeOrder());
        link.put((byte) 0).put((byte) 0).putShort((short) 1).putInt(2).putInt(0x10043).putInt(0);
        link.putShort((short) 9).putShort((short) 3).put(name).put(new byte[3]);
        link.putShort((short) 10).putShort((short) 1).put(new byte[] {0x52, 0x54, 0, 0x12, 0x34, 0x56}).put(new byte[2]);
        link.putShort((short) 8).putShort((short) 4).putInt(1500);
        link.putShort((short) 5).putShort((short) 16).put((byte) 6).put(new byte[3]);
        link.putShort((short) 5).putShort((short) 33).put((byte) 1).put(new byte[3]);
        assertThat(Rtnetlink.link(link.array())).isEqualTo(
                new NetworkControl.LinkState(2, "eth0", "52:54:00:12:34:56", 1500, true, true, "up"));

        byte[] addr = HexFormat.of().parseHex("0a400000" + le32(2) + "1400" + "0100" + "20010db8000000000000000000000001");
        assertThat(Rtnetlink.address(addr, Map.of(2, "eth0"))).isEqualTo(
                new NetworkControl.LinkAddress("eth0", "inet6", "2001:db8::1", 64, "global"));

        byte[] route = HexFormat.of().parseHex("02000000fe030001" + le32(0) + "0800" + "0500" + "c0000201" + "0800" + "0400" + le32(2));
        assertThat(Rtnetlink.route(route, Map.of(2, "eth0"))).isEqualTo(
                new NetworkControl.Route("inet", "default", 0, "192.0.2.1", "eth0", 0, "boot"));
        byte[] local = HexFormat.of().parseHex("02200000ff020002" + le32(0));
        assertThat(Rtnetlink.route(local, Map.of())).as("the local table is not shown").isNull();
    }

    @Test
    void splitsADatagramIntoMessagesAndReadsAcks() {
        byte[] ack = HexFormat.of().parseHex(le32(20) + "0200" + "0000" + le32(4) + le32(0) + le32(-17));
        byte[] done = HexFormat.of().parseHex(le32(16) + "0300" + "0200" + le32(5) + le32(0));
        byte[] both = new byte[ack.length + done.length];
        System.arraycopy(ack, 0, both, 0, ack.length);
        System.arraycopy(done, 0, both, ack.length, done.length);
        List<Rtnetlink.Message> ms = Rtnetlink.messages(both);
        assertThat(ms).extracting(Rtnetlink.Message::type).containsExactly(Rtnetlink.NLMSG_ERROR, Rtnetlink.NLMSG_DONE);
        assertThat(Rtnetlink.error(ms.getFirst().body())).isEqualTo(17); // EEXIST
        assertThat(Rtnetlink.messages(new byte[] {99, 0, 0, 0})).isEmpty();
    }

    @Test
    void theRealDumpsReadThisHostWithoutChangingIt() {
        var control = new RtnetlinkControl();
        assertThat(control.links()).anyMatch(l -> l.name().equals("lo") && l.up());
        assertThat(control.addresses()).anyMatch(a -> a.link().equals("lo") && a.address().equals("127.0.0.1"));
        assertThat(control.routes()).isNotNull();
    }
}
