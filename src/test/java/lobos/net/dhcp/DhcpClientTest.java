package lobos.net.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The RFC 2131 state machine against scripted servers, on a clock that jumps (no test waits). */
class DhcpClientTest {
    static final byte[] MAC = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
    private final List<String> log = new ArrayList<>();

    private DhcpClient client(ScriptedServer net, boolean pxe, Duration timeout) {
        var id = new DhcpClient.Identity(MAC, "node7", pxe, 0, UUID.fromString("4c4c4544-0033-4810-8039-b4c04f4a3132"),
                "lobos:test", timeout, Duration.ofSeconds(2));
        return new DhcpClient("eth0", id, net, net, new Random(7), log::add);
    }

    @Test
    void discoverOfferRequestAck() throws Exception {
        var net = new ScriptedServer(m -> switch (m.type()) {
            case DISCOVER -> List.of(ScriptedServer.reply(m, MessageType.OFFER, "192.0.2.50", ScriptedServer.server("192.0.2.1", 600)));
            case REQUEST -> List.of(ScriptedServer.reply(m, MessageType.ACK, "192.0.2.50", ScriptedServer.server("192.0.2.1", 600)));
            default -> List.of();
        });
        DhcpLease lease = client(net, false, Duration.ofSeconds(30)).obtain();
        assertThat(lease.address().getHostAddress()).isEqualTo("192.0.2.50");
        assertThat(List.of(lease.leaseSeconds(), lease.renewSeconds(), lease.rebindSeconds())).containsExactly(600L, 300L, 525L);
        assertThat(net.types()).containsExactly(MessageType.DISCOVER, MessageType.REQUEST);
        DhcpMessage discover = net.sent.get(0).message();
        assertThat(discover.flags()).isEqualTo(DhcpMessage.FLAG_BROADCAST);
        assertThat(discover.options().bytes(DhcpOption.CLIENT_ID).orElseThrow()).containsExactly(1, 0x52, 0x54, 0, 0x12, 0x34, 0x56);
        assertThat(discover.options().string(DhcpOption.HOST_NAME)).contains("node7");
        assertThat(discover.options().string(DhcpOption.VENDOR_CLASS)).contains("lobos:test");
        assertThat(discover.options().bytes(DhcpOption.USER_CLASS).orElseThrow()).containsExactly(5, 'l', 'o', 'b', 'o', 's');
        assertThat(discover.options().has(DhcpOption.CLIENT_ARCH)).isFalse();
        DhcpMessage request = net.sent.get(1).message();
        assertThat(request.xid()).isEqualTo(discover.xid());
        assertThat(request.options().address(DhcpOption.REQUESTED_ADDRESS).orElseThrow().getHostAddress()).isEqualTo("192.0.2.50");
        assertThat(request.options().address(DhcpOption.SERVER_ID).orElseThrow().getHostAddress()).isEqualTo("192.0.2.1");
    }

    @Test
    void asAPxeClientItSendsOptions60And93And94And97() throws Exception {
        var net = new ScriptedServer(m -> List.of());
        assertThatThrownBy(() -> client(net, true, Duration.ofSeconds(5)).obtain()).isInstanceOf(DhcpTimeoutException.class);
        DhcpOptions o = net.sent.getFirst().message().options();
        assertThat(o.string(DhcpOption.VENDOR_CLASS)).contains("PXEClient:Arch:00000:UNDI:003016");
        assertThat(o.u16(DhcpOption.CLIENT_ARCH)).contains(0);
        assertThat(o.bytes(DhcpOption.CLIENT_NDI).orElseThrow()).containsExactly(1, 3, 16);
        // SMBIOS byte order: the first three fields little-endian
        assertThat(java.util.HexFormat.of().formatHex(o.bytes(DhcpOption.CLIENT_MACHINE_ID).orElseThrow()))
                .isEqualTo("00" + "4445" + "4c4c" + "3300" + "1048" + "8039b4c04f4a3132");
        byte[] prl = o.bytes(DhcpOption.PARAMETER_REQUEST_LIST).orElseThrow();
        assertThat(prl).contains(1, 3, 6, 15, 26, 43, 66, 67, 119, 121, (byte) 209, (byte) 210, (byte) 224);
    }

    @Test
    void silenceEndsInABoundedClearFailureAfterRfc2131Retransmissions() {
        var net = new ScriptedServer(m -> List.of());
        assertThatThrownBy(() -> client(net, false, Duration.ofSeconds(60)).obtain())
                .isInstanceOf(DhcpTimeoutException.class)
                .hasMessage("no DHCP lease on eth0 after 60 s: no DHCP or BOOTP server answered");
        assertThat(net.nanos()).isBetween(60_000_000_000L, 61_000_000_000L);
        List<Long> discovers = net.sent.stream().filter(s -> s.message().type() == MessageType.DISCOVER)
                .map(ScriptedServer.Sent::atMillis).toList();
        // 0, then 4, 8 and 16 s later (each ±1 s), then 32 s later would pass the minute
        assertThat(discovers).hasSize(4);
        long[] gaps = {discovers.get(1) - discovers.get(0), discovers.get(2) - discovers.get(1), discovers.get(3) - discovers.get(2)};
        assertThat(gaps[0]).isBetween(3000L, 5000L);
        assertThat(gaps[1]).isBetween(7000L, 9000L);
        assertThat(gaps[2]).isBetween(15000L, 17000L);
        // from the second round on, a BOOTP request (no option 53) goes out beside each DISCOVER
        assertThat(net.types().stream().filter(t -> t == null)).hasSize(3);
    }

    @Test
    void aNakSendsTheClientBackToInit() throws Exception {
        int[] requests = {0};
        var net = new ScriptedServer(m -> switch (m.type()) {
            case DISCOVER -> List.of(ScriptedServer.reply(m, MessageType.OFFER, "192.0.2.50", ScriptedServer.server("192.0.2.1", 600)));
            case REQUEST -> List.of(ScriptedServer.reply(m, requests[0]++ == 0 ? MessageType.NAK : MessageType.ACK, requests[0] == 1
                    ? "0.0.0.0" : "192.0.2.50", ScriptedServer.server("192.0.2.1", 600)));
            default -> List.of();
        });
        DhcpLease lease = client(net, false, Duration.ofSeconds(30)).obtain();
        assertThat(lease.address().getHostAddress()).isEqualTo("192.0.2.50");
        assertThat(net.types()).containsExactly(MessageType.DISCOVER, MessageType.REQUEST, MessageType.DISCOVER, MessageType.REQUEST);
        assertThat(net.sent.get(2).message().xid()).as("a new transaction").isNotEqualTo(net.sent.get(0).message().xid());
        assertThat(log).anyMatch(l -> l.contains("refused 192.0.2.50 (NAK)"));
    }

    @Test
    void aLoneBootpReplyIsTakenAfterTheWaitForADhcpOffer() throws Exception {
        var net = new ScriptedServer(m -> m.type() == null
                ? List.of(ScriptedServer.reply(m, null, "192.0.2.77", DhcpOptions.builder()
                        .address(DhcpOption.SUBNET_MASK, DhcpCodecTest.ip("255.255.255.0")).build()))
                : List.of());
        DhcpLease lease = client(net, false, Duration.ofSeconds(30)).obtain();
        assertThat(lease.bootp()).isTrue();
        assertThat(lease.address().getHostAddress()).isEqualTo("192.0.2.77");
        assertThat(net.types()).doesNotContain(MessageType.REQUEST);
    }

    @Test
    void aDhcpOfferBeatsABootpReply() throws Exception {
        var net = new ScriptedServer(m -> m.type() == null
                ? List.of(ScriptedServer.reply(m, null, "192.0.2.77", DhcpOptions.EMPTY),
                        ScriptedServer.reply(m, MessageType.OFFER, "192.0.2.50", ScriptedServer.server("192.0.2.1", 600)))
                : m.type() == MessageType.REQUEST
                        ? List.of(ScriptedServer.reply(m, MessageType.ACK, "192.0.2.50", ScriptedServer.server("192.0.2.1", 600)))
                        : List.of());
        DhcpLease lease = client(net, false, Duration.ofSeconds(30)).obtain();
        assertThat(lease.bootp()).isFalse();
        assertThat(lease.address().getHostAddress()).isEqualTo("192.0.2.50");
    }

    @Test
    void repliesForOthersAndMalformedPacketsAreIgnored() throws Exception {
        var net = new ScriptedServer(m -> {
            if (m.type() == MessageType.DISCOVER) {
                byte[] other = ScriptedServer.reply(m, MessageType.OFFER, "192.0.2.60", ScriptedServer.server("192.0.2.1", 600));
                other[4] ^= 1; // another transaction
                return List.of(new byte[] {2, 1, 6}, other,
                        ScriptedServer.reply(m, MessageType.OFFER, "192.0.2.50", ScriptedServer.server("192.0.2.1", 600)));
            }
            return m.type() == MessageType.REQUEST
                    ? List.of(ScriptedServer.reply(m, MessageType.ACK, "192.0.2.50", ScriptedServer.server("192.0.2.1", 600)))
                    : List.of();
        });
        assertThat(client(net, false, Duration.ofSeconds(30)).obtain().address().getHostAddress()).isEqualTo("192.0.2.50");
        assertThat(log).anyMatch(l -> l.contains("ignored a packet: malformed DHCP packet: header"));
    }

    @Test
    void renewingIsUnicastToTheServerAndRebindingBroadcast() throws Exception {
        var net = new ScriptedServer(m -> List.of());
        DhcpLease lease = DhcpLease.from("eth0", DhcpCodec.decode(ScriptedServer.reply(
                new DhcpMessage(1, 1, 6, 0, 1, 0, 0, null, null, null, null, MAC, "", "", null), MessageType.ACK, "192.0.2.50",
                ScriptedServer.server("192.0.2.1", 600))), java.time.Instant.EPOCH);
        DhcpClient c = client(net, false, Duration.ofSeconds(30));
        assertThat(c.extend(lease, false, Duration.ofSeconds(10))).isNull();
        assertThat(net.sent).allSatisfy(s -> {
            assertThat(s.to()).isEqualTo(DhcpCodecTest.ip("192.0.2.1"));
            assertThat(s.message().ciaddr()).isEqualTo(DhcpCodecTest.ip("192.0.2.50"));
            assertThat(s.message().flags()).isZero();
            assertThat(s.message().options().has(DhcpOption.REQUESTED_ADDRESS)).isFalse();
        });
        net.sent.clear();
        assertThat(c.extend(lease, true, Duration.ofSeconds(10))).isNull();
        assertThat(net.sent).allSatisfy(s -> assertThat(s.to()).isNull());
    }

    @Test
    void theKeeperRenewsAtT1AndReportsALeaseNobodyRenews() {
        int[] acks = {0};
        var net = new ScriptedServer(m -> m.type() == MessageType.REQUEST && acks[0]++ < 2
                ? List.of(ScriptedServer.reply(m, MessageType.ACK, "192.0.2.50", ScriptedServer.server("192.0.2.1", 100)))
                : List.of());
        DhcpLease lease = DhcpLease.from("eth0", DhcpCodec.decode(ScriptedServer.reply(
                new DhcpMessage(1, 1, 6, 0, 1, 0, 0, null, null, null, null, MAC, "", "", null), MessageType.ACK, "192.0.2.50",
                ScriptedServer.server("192.0.2.1", 100))), java.time.Instant.EPOCH);
        List<String> events = new ArrayList<>();
        new LeaseKeeper(client(net, false, Duration.ofSeconds(30)), lease, net, new LeaseKeeper.Listener() {
            @Override
            public void renewed(DhcpLease l) {
                events.add("renewed at " + net.nanos() / 1_000_000_000L);
            }

            @Override
            public void lost(DhcpLease l, String why) {
                events.add("lost at " + net.nanos() / 1_000_000_000L + ": " + why);
            }
        }).keep();
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo("renewed at 50");
        assertThat(events.get(1)).isEqualTo("renewed at 100");
        // the third time nobody answers: unicast until T2 (87 s in), broadcast until the lease ends (100 s)
        assertThat(events.get(2)).startsWith("lost at 200: no server renewed the lease of 192.0.2.50");
        assertThat(net.sent.stream().skip(2).filter(s -> s.to() == null)).isNotEmpty();
    }
}
