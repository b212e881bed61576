package lobos.net.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DhcpCodecTest {
    static Inet4Address ip(String s) {
        return (Inet4Address) InetAddress.ofLiteral(s);
    }

    @Test
    void decodesAnAckAsAServerWritesIt() {
        byte[] ack = Packets.reply().text(44, "boothost").text(108, "pxelinux.0")
                .option(53, 1, 5)
                .option(54, 4, 192, 0, 2, 1)
                .option(51, 4, 0, 0, 0x0e, 0x10) // 3600 s
                .option(1, 4, 255, 255, 255, 0)
                .option(3, 8, 192, 0, 2, 1, 192, 0, 2, 254)
                .option(0, 0) // pads may sit anywhere
                .option(6, 4, 192, 0, 2, 53)
                .option(255).bytes();
        DhcpMessage m = DhcpCodec.decode(ack);
        assertThat(m.type()).isEqualTo(MessageType.ACK);
        assertThat(m.xid()).isEqualTo(0x01020304);
        assertThat(m.flags()).isEqualTo(DhcpMessage.FLAG_BROADCAST);
        assertThat(m.macText()).isEqualTo("52:54:00:12:34:56");
        assertThat(m.yiaddr()).isEqualTo(ip("192.0.2.50"));
        assertThat(m.siaddr()).isEqualTo(ip("192.0.2.1"));
        assertThat(m.sname()).isEqualTo("boothost");
        assertThat(m.file()).isEqualTo("pxelinux.0");
        assertThat(m.options().codes()).containsExactly(53, 54, 51, 1, 3, 6);
        assertThat(m.options().addresses(DhcpOption.ROUTER)).containsExactly(ip("192.0.2.1"), ip("192.0.2.254"));
        assertThat(m.options().u32(DhcpOption.LEASE_TIME)).contains(3600L);
    }

    @Test
    void overloadedFileAndSnameCarryOptionsJoinedInRfc3396Order() {
        byte[] p = Packets.reply()
                // file field: the second part of option 67, then END
                .at(108, 67, 4, '.', 'c', 'f', 'g', 255)
                // sname field: a third part, and option 66
                .at(44, 67, 1, '!', 66, 3, 's', 'r', 'v', 255)
                .option(53, 1, 2).option(52, 1, 3).option(67, 4, 'b', 'o', 'o', 't').option(255).bytes();
        DhcpMessage m = DhcpCodec.decode(p);
        assertThat(m.options().string(DhcpOption.BOOTFILE_NAME)).contains("boot.cfg!");
        assertThat(m.options().string(DhcpOption.TFTP_SERVER_NAME)).contains("srv");
        assertThat(m.options().has(DhcpOption.OVERLOAD)).as("overload is framing, not content").isFalse();
        assertThat(m.file()).isEmpty();
        assertThat(m.sname()).isEmpty();
    }

    @Test
    void aPlainBootpMessageWithoutCookieHasNoOptions() {
        DhcpMessage m = DhcpCodec.decode(Packets.reply().text(108, "vmunix").bootpWithoutCookie());
        assertThat(m.type()).isNull();
        assertThat(m.options().codes()).isEmpty();
        assertThat(m.file()).isEqualTo("vmunix");
    }

    @Test
    void encodesLongOptionsAsSeveralInstancesAndPadsTo300Bytes() {
        byte[] longValue = new byte[600];
        Arrays.fill(longValue, (byte) 'x');
        DhcpMessage m = request(DhcpOptions.builder().u8(DhcpOption.MESSAGE_TYPE, 1).put(43, longValue).build());
        byte[] wire = DhcpCodec.encode(m);
        // 53 (3 bytes) then 43 as 255 + 255 + 90 bytes of value, each with code and length, then END
        assertThat(wire).hasSize(240 + 3 + (2 + 255) * 2 + 2 + 90 + 1);
        assertThat(wire[243] & 0xff).isEqualTo(43);
        assertThat(wire[244] & 0xff).isEqualTo(255);
        assertThat(wire[243 + 257] & 0xff).isEqualTo(43);
        assertThat(wire[243 + 514 + 1] & 0xff).isEqualTo(90);
        assertThat(DhcpCodec.decode(wire)).isEqualTo(m);
        byte[] small = DhcpCodec.encode(request(DhcpOptions.builder().u8(DhcpOption.MESSAGE_TYPE, 1).build()));
        assertThat(small).hasSize(DhcpCodec.MIN_SIZE);
        assertThat(small[243] & 0xff).isEqualTo(255);
    }

    @Test
    void overloadsFileAndSnameOnlyWhenTheReceiverNeedsIt() {
        byte[] big = new byte[400];
        Arrays.fill(big, (byte) 7);
        DhcpMessage m = request(DhcpOptions.builder().u8(DhcpOption.MESSAGE_TYPE, 5).put(43, big).build());
        byte[] wire = DhcpCodec.encode(m, DhcpCodec.DEFAULT_MAX_SIZE);
        assertThat(wire).hasSize(DhcpCodec.DEFAULT_MAX_SIZE);
        assertThat(wire[240] & 0xff).as("option 52 first").isEqualTo(52);
        assertThat(wire[242] & 0xff).isEqualTo(1); // the file field sufficed
        assertThat(wire[108] & 0xff).isEqualTo(43);
        assertThat(DhcpCodec.decode(wire)).isEqualTo(m);
        byte[] bigger = new byte[460];
        DhcpMessage both = request(DhcpOptions.builder().u8(DhcpOption.MESSAGE_TYPE, 5).put(43, bigger).build());
        byte[] wire2 = DhcpCodec.encode(both, DhcpCodec.DEFAULT_MAX_SIZE);
        assertThat(wire2[242] & 0xff).isEqualTo(3);
        assertThat(DhcpCodec.decode(wire2)).isEqualTo(both);
        assertThatThrownBy(() -> DhcpCodec.encode(request(DhcpOptions.builder().put(43, new byte[900]).build()), 576))
                .hasMessageContaining("do not fit in 576 bytes");
    }

    @Test
    void roundTripsEveryField() {
        DhcpMessage m = new DhcpMessage(DhcpMessage.BOOTREPLY, 1, 6, 2, 0xdeadbeef, 7, 0x8000, ip("192.0.2.9"),
                ip("192.0.2.50"), ip("192.0.2.1"), ip("198.51.100.1"), new byte[] {1, 2, 3, 4, 5, 6}, "server", "dir/file",
                DhcpOptions.builder().u8(DhcpOption.MESSAGE_TYPE, 2).string(DhcpOption.HOST_NAME, "node7")
                        .u16(DhcpOption.INTERFACE_MTU, 9000).put(250, new byte[0]).build());
        assertThat(DhcpCodec.decode(DhcpCodec.encode(m))).isEqualTo(m);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "0102                                   | header        | the packet has 2 bytes",
        "op=3                                    | op            | must be 1 (request) or 2 (reply)",
        "hlen=17                                 | hlen          | at most 16",
        "35                                      | option 53 (message type) | length byte is missing",
        "3304000001                              | option 51 (lease time) | runs past the end",
        "330200ffff                              | option 51 (lease time) | length 2, must be 4",
        "0303c00002ff                            | option 3 (router) | must be a non-zero multiple of 4",
        "350109ff                                | option 53 (message type) | unknown message type 9",
        "340104ff                                | option 52 (overload) | must be one byte, 1, 2 or 3",
        "1a0105ff                                | option 26 (interface MTU) | length 1, must be 2"})
    void malformedPacketsNameTheField(String spec, String field, String why) {
        byte[] p;
        if (spec.startsWith("op=")) {
            p = Packets.reply().at(0, Integer.parseInt(spec.substring(3))).option(255).bytes();
        } else if (spec.startsWith("hlen=")) {
            p = Packets.reply().at(2, Integer.parseInt(spec.substring(5))).option(255).bytes();
        } else if (spec.equals("0102")) {
            p = new byte[] {1, 2};
        } else {
            p = Packets.reply().hex(spec).bytes();
        }
        assertThatThrownBy(() -> DhcpCodec.decode(p)).isInstanceOfSatisfying(DhcpFormatException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(why);
        });
    }

    @Test
    void overloadOutsideTheOptionsFieldIsRefused() {
        byte[] p = Packets.reply().at(108, 52, 1, 2, 255).option(52, 1, 1).option(255).bytes();
        assertThatThrownBy(() -> DhcpCodec.decode(p)).hasMessageContaining("only allowed in the options field");
    }

    private static DhcpMessage request(DhcpOptions options) {
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 6, 0, 42, 0, 0, null, null, null, null,
                new byte[] {0x52, 0x54, 0, 1, 2, 3}, "", "", options);
    }

    @Test
    void leaseReadsEveryOptionLobosUses() {
        byte[] ack = Packets.reply().text(108, "ignored-when-67-is-set")
                .option(53, 1, 5).option(54, 4, 192, 0, 2, 1).option(51, 4, 0, 0, 0, 100).option(58, 4, 0, 0, 0, 30)
                .option(59, 4, 0, 0, 0, 80).option(1, 4, 255, 255, 254, 0).option(3, 4, 192, 0, 2, 254)
                .option(6, 8, 192, 0, 2, 53, 192, 0, 2, 54).option(15, 7, 'e', 'x', '.', 't', 'e', 's', 't')
                .option(119, 9, 3, 'l', 'a', 'b', 0xc0, 0x00, 1, 'x', 0) // "lab", then "x" is bad: see below
                .option(12, 5, 'n', 'o', 'd', 'e', '7').option(26, 2, 0x05, 0xdc).option(42, 4, 192, 0, 2, 123)
                .option(66, 9, '1', '9', '2', '.', '0', '.', '2', '.', '9').option(67, 9, 'b', 'o', 'o', 't', '.', 'i', 'p', 'x', 'e')
                .option(17, 4, '/', 'n', 'f', 's').option(209, 7, 'c', 'f', 'g', '/', 'n', '7', 0)
                .option(210, 6, '/', 'p', 'x', 'e', '/', 0).option(224, 8, 'h', 't', 't', 'p', ':', '/', '/', 'm')
                .option(255).bytes();
        // the domain search option above has a pointer to itself: rejected when read, naming option 119
        assertThatThrownBy(() -> DhcpLease.from("eth0", DhcpCodec.decode(ack), java.time.Instant.EPOCH))
                .hasMessageContaining("option 119 (domain search)").hasMessageContaining("does not point backwards");
        byte[] good = Arrays.copyOf(ack, ack.length);
        int at = indexOf(good, new byte[] {119, 9});
        System.arraycopy(new byte[] {119, 9, 3, 'l', 'a', 'b', 0, 1, 'x', 0xc0 - 256, 0}, 0, good, at, 11);
        DhcpLease l = DhcpLease.from("eth0", DhcpCodec.decode(good), java.time.Instant.EPOCH);
        assertThat(l.address()).isEqualTo(ip("192.0.2.50"));
        assertThat(l.prefix()).isEqualTo(23);
        assertThat(l.netmask()).isEqualTo("255.255.254.0");
        assertThat(l.server()).isEqualTo(ip("192.0.2.1"));
        assertThat(List.of(l.leaseSeconds(), l.renewSeconds(), l.rebindSeconds())).containsExactly(100L, 30L, 80L);
        assertThat(l.gateway()).isEqualTo(ip("192.0.2.254"));
        assertThat(l.dns()).containsExactly(ip("192.0.2.53"), ip("192.0.2.54"));
        assertThat(l.domain()).isEqualTo("ex.test");
        assertThat(l.search()).containsExactly("lab", "x.lab");
        assertThat(l.hostname()).isEqualTo("node7");
        assertThat(l.mtu()).isEqualTo(1500);
        assertThat(l.ntp()).containsExactly(ip("192.0.2.123"));
        assertThat(l.tftpServer()).isEqualTo("192.0.2.9");
        assertThat(l.bootServer()).isEqualTo("192.0.2.9");
        assertThat(l.bootFile()).isEqualTo("boot.ipxe");
        assertThat(l.rootPath()).isEqualTo("/nfs");
        assertThat(l.pxelinuxConfig()).isEqualTo("cfg/n7");
        assertThat(l.pxelinuxPrefix()).isEqualTo("/pxe/");
        assertThat(l.managerUrl()).isEqualTo("http://m");
        assertThat(l.nextServer()).isEqualTo(ip("192.0.2.1"));
        assertThat(l.mac()).isEqualTo("52:54:00:12:34:56");
        assertThat(l.bootp()).isFalse();
    }

    @Test
    void classlessRoutesReplaceTheRouterOption() {
        byte[] ack = Packets.reply().option(53, 1, 5).option(3, 4, 192, 0, 2, 254)
                .option(121, 13, 24, 198, 51, 100, 192, 0, 2, 2, 0, 192, 0, 2, 1).option(255).bytes();
        DhcpLease l = DhcpLease.from("eth0", DhcpCodec.decode(ack), java.time.Instant.EPOCH);
        assertThat(l.routers()).isEmpty();
        assertThat(l.routes()).containsExactly(
                new DhcpValues.ClasslessRoute(ip("198.51.100.0"), 24, ip("192.0.2.2")),
                new DhcpValues.ClasslessRoute(ip("0.0.0.0"), 0, ip("192.0.2.1")));
        assertThat(l.gateway()).isEqualTo(ip("192.0.2.1"));
        assertThat(l.prefix()).as("no subnet mask: the class of 192.0.2.50").isEqualTo(24);
        assertThat(l.leaseSeconds()).as("no lease time").isZero();
    }

    @Test
    void aBootpReplyIsALeaseWithoutEnd() {
        byte[] reply = Packets.reply().text(108, "vmlinuz").option(1, 4, 255, 255, 255, 0).option(255).bytes();
        DhcpLease l = DhcpLease.from("eth0", DhcpCodec.decode(reply), java.time.Instant.EPOCH);
        assertThat(l.bootp()).isTrue();
        assertThat(l.leaseSeconds()).isZero();
        assertThat(l.server()).isEqualTo(ip("192.0.2.1"));
        assertThat(l.bootFile()).isEqualTo("vmlinuz");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 240; i < hay.length - needle.length; i++) {
            if (hay[i] == needle[0] && hay[i + 1] == needle[1]) return i;
        }
        throw new AssertionError("not found");
    }
}
