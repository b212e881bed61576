package lobos.linux;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * rtnetlink messages (rtnetlink(7), netlink(7)), built and read as bytes: pure functions, so
 * the framing is tested without a socket. Numbers are in the host's byte order, as the kernel
 * expects, except addresses, which are in network order.
 */
final class Rtnetlink {
    static final int NLMSG_ERROR = 2, NLMSG_DONE = 3;
    static final int RTM_NEWLINK = 16, RTM_GETLINK = 18, RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_GETADDR = 22,
            RTM_NEWROUTE = 24, RTM_GETROUTE = 26;
    static final int NLM_F_REQUEST = 1, NLM_F_MULTI = 2, NLM_F_ACK = 4, NLM_F_DUMP = 0x300, NLM_F_REPLACE = 0x100,
            NLM_F_CREATE = 0x400;
    static final int IFF_UP = 1, IFF_LOWER_UP = 0x10000;
    static final int IFLA_ADDRESS = 1, IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_OPERSTATE = 16, IFLA_CARRIER = 33;
    static final int IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_BROADCAST = 4, IFA_CACHEINFO = 6;
    static final int RTA_DST = 1, RTA_OIF = 4, RTA_GATEWAY = 5, RTA_PRIORITY = 6, RTA_TABLE = 15;
    static final int RT_TABLE_MAIN = 254, RTPROT_BOOT = 3, RT_SCOPE_UNIVERSE = 0, RT_SCOPE_LINK = 253,
            RT_SCOPE_HOST = 254, RTN_UNICAST = 1;
    private static final String[] OPERSTATES = {"unknown", "notpresent", "down", "lowerlayerdown", "testing",
            "dormant", "up"};
    private static final Map<Integer, String> PROTOCOLS = Map.of(2, "kernel", 3, "boot", 4, "static", 9, "ra",
            16, "dhcp");

    private Rtnetlink() {}

    /** One message read from the kernel: its type, flags, sequence number and body (after the header). */
    record Message(int type, int flags, int seq, byte[] body) {}

    /** A message being built: header, a fixed struct, then attributes, each aligned to 4 bytes. */
    static final class Builder {
        private final ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder());

        Builder(int type, int flags, int seq) {
            b.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        }

        Builder u8(int v) {
            b.put((byte) v);
            return this;
        }

        Builder u16(int v) {
            b.putShort((short) v);
            return this;
        }

        Builder u32(int v) {
            b.putInt(v);
            return this;
        }

        Builder attribute(int type, byte[] value) {
            b.putShort((short) (4 + value.length)).putShort((short) type).put(value);
            while (b.position() % 4 != 0) b.put((byte) 0);
            return this;
        }

        Builder attributeU32(int type, int value) {
            return attribute(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
        }

        byte[] build() {
            int length = b.position();
            b.putInt(0, length);
            byte[] out = new byte[length];
            b.get(0, out);
            return out;
        }
    }

    /** RTM_GET* with NLM_F_DUMP and an empty struct of {@code structSize} bytes. */
    static byte[] dump(int type, int structSize, int seq) {
        Builder b = new Builder(type, NLM_F_REQUEST | NLM_F_DUMP, seq);
        for (int i = 0; i < structSize; i++) b.u8(0);
        return b.build();
    }

    /** RTM_NEWLINK changing the up flag and/or the MTU (mtu 0: unchanged). */
    static byte[] setLink(int index, boolean up, int mtu, int seq) {
        Builder b = new Builder(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq)
                .u8(0).u8(0).u16(0).u32(index).u32(up ? IFF_UP : 0).u32(up ? IFF_UP : 0);
        if (mtu > 0) b.attributeU32(IFLA_MTU, mtu);
        return b.build();
    }

    static byte[] address(boolean add, int index, InetAddress address, int prefix, long validSeconds, int seq) {
        byte[] a = address.getAddress();
        int family = a.length == 4 ? Sockets.AF_INET : Sockets.AF_INET6;
        Builder b = new Builder(add ? RTM_NEWADDR : RTM_DELADDR,
                NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0), seq)
                .u8(family).u8(prefix).u8(0).u8(RT_SCOPE_UNIVERSE).u32(index)
                .attribute(IFA_LOCAL, a).attribute(IFA_ADDRESS, a);
        if (add && a.length == 4 && prefix < 31) b.attribute(IFA_BROADCAST, broadcast(a, prefix));
        if (add && validSeconds > 0) {
            int v = (int) Math.min(validSeconds, 0xfffffffeL);
            b.attribute(IFA_CACHEINFO, ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                    .putInt(v).putInt(v).putInt(0).putInt(0).array());
        }
        return b.build();
    }

    static byte[] route(int index, InetAddress destination, int prefix, InetAddress gateway, int metric, int seq) {
        int family = (gateway != null ? gateway : destination).getAddress().length == 4 ? Sockets.AF_INET : Sockets.AF_INET6;
        Builder b = new Builder(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, seq)
                .u8(family).u8(destination == null ? 0 : prefix).u8(0).u8(0).u8(RT_TABLE_MAIN).u8(RTPROT_BOOT)
                .u8(gateway == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE).u8(RTN_UNICAST).u32(0);
        if (destination != null) b.attribute(RTA_DST, destination.getAddress());
        if (gateway != null) b.attribute(RTA_GATEWAY, gateway.getAddress());
        b.attributeU32(RTA_OIF, index);
        if (metric > 0) b.attributeU32(RTA_PRIORITY, metric);
        return b.build();
    }

    static byte[] broadcast(byte[] a, int prefix) {
        int v = ByteBuffer.wrap(a).getInt();
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return ByteBuffer.allocate(4).putInt(v | ~mask).array();
    }

    /** Splits a datagram into messages; stops at a length that does not fit. */
    static List<Message> messages(byte[] data) {
        List<Message> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        int pos = 0;
        while (pos + 16 <= data.length) {
            int length = b.getInt(pos);
            if (length < 16 || pos + length > data.length) break;
            int type = Short.toUnsignedInt(b.getShort(pos + 4));
            int flags = Short.toUnsignedInt(b.getShort(pos + 6));
            int seq = b.getInt(pos + 8);
            byte[] body = new byte[length - 16];
            b.get(pos + 16, body);
            out.add(new Message(type, flags, seq, body));
            pos += (length + 3) & ~3;
        }
        return out;
    }

    /** The errno of an NLMSG_ERROR body (0 is an acknowledgement). */
    static int error(byte[] body) {
        return body.length < 4 ? 0 : -ByteBuffer.wrap(body).order(ByteOrder.nativeOrder()).getInt(0);
    }

    /** The attributes after a fixed struct of {@code offset} bytes, by type (the last of a type counts). */
    static Map<Integer, byte[]> attributes(byte[] body, int offset) {
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.nativeOrder());
        int pos = offset;
        while (pos + 4 <= body.length) {
            int len = Short.toUnsignedInt(b.getShort(pos));
            int type = Short.toUnsignedInt(b.getShort(pos + 2)) & 0x3fff;
            if (len < 4 || pos + len > body.length) break;
            byte[] v = new byte[len - 4];
            b.get(pos + 4, v);
            out.put(type, v);
            pos += (len + 3) & ~3;
        }
        return out;
    }

    static NetworkControl.LinkState link(byte[] body) {
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.nativeOrder());
        int index = b.getInt(4);
        int flags = b.getInt(8);
        Map<Integer, byte[]> a = attributes(body, 16);
        String name = a.containsKey(IFLA_IFNAME) ? cString(a.get(IFLA_IFNAME)) : "if" + index;
        String mac = a.containsKey(IFLA_ADDRESS) ? HexFormat.ofDelimiter(":").formatHex(a.get(IFLA_ADDRESS)) : "";
        int mtu = a.containsKey(IFLA_MTU) ? u32(a.get(IFLA_MTU)) : 0;
        int oper = a.containsKey(IFLA_OPERSTATE) ? a.get(IFLA_OPERSTATE)[0] & 0xff : 0;
        boolean carrier = a.containsKey(IFLA_CARRIER) ? a.get(IFLA_CARRIER)[0] != 0 : (flags & IFF_LOWER_UP) != 0;
        return new NetworkControl.LinkState(index, name, mac, mtu, (flags & IFF_UP) != 0, carrier,
                oper < OPERSTATES.length ? OPERSTATES[oper] : Integer.toString(oper));
    }

    static NetworkControl.LinkAddress address(byte[] body, Map<Integer, String> names) {
        int family = body[0] & 0xff;
        int prefix = body[1] & 0xff;
        int scope = body[3] & 0xff;
        int index = ByteBuffer.wrap(body).order(ByteOrder.nativeOrder()).getInt(4);
        Map<Integer, byte[]> a = attributes(body, 8);
        byte[] addr = a.containsKey(IFA_LOCAL) ? a.get(IFA_LOCAL) : a.get(IFA_ADDRESS);
        return new NetworkControl.LinkAddress(names.getOrDefault(index, "if" + index),
                family == Sockets.AF_INET ? "inet" : "inet6", addr == null ? "" : text(addr), prefix, scope(scope));
    }

    /** A route of the main table, or null for another table or type. */
    static NetworkControl.Route route(byte[] body, Map<Integer, String> names) {
        int family = body[0] & 0xff;
        int dstLength = body[1] & 0xff;
        int table = body[4] & 0xff;
        int protocol = body[5] & 0xff;
        int type = body[7] & 0xff;
        Map<Integer, byte[]> a = attributes(body, 12);
        if (a.containsKey(RTA_TABLE)) table = u32(a.get(RTA_TABLE));
        if (table != RT_TABLE_MAIN || type != RTN_UNICAST) return null;
        String dst = a.containsKey(RTA_DST) ? text(a.get(RTA_DST)) : "default";
        String gateway = a.containsKey(RTA_GATEWAY) ? text(a.get(RTA_GATEWAY)) : null;
        String link = a.containsKey(RTA_OIF) ? names.getOrDefault(u32(a.get(RTA_OIF)), "?") : null;
        int metric = a.containsKey(RTA_PRIORITY) ? u32(a.get(RTA_PRIORITY)) : 0;
        return new NetworkControl.Route(family == Sockets.AF_INET ? "inet" : "inet6", dst,
                dst.equals("default") ? 0 : dstLength, gateway, link, metric,
                PROTOCOLS.getOrDefault(protocol, Integer.toString(protocol)));
    }

    private static String scope(int scope) {
        return switch (scope) {
            case RT_SCOPE_UNIVERSE -> "global";
            case RT_SCOPE_LINK -> "link";
            case RT_SCOPE_HOST -> "host";
            default -> Integer.toString(scope);
        };
    }

    private static int u32(byte[] v) {
        return v.length < 4 ? 0 : ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt();
    }

    private static String cString(byte[] v) {
        int n = 0;
        while (n < v.length && v[n] != 0) n++;
        return new String(v, 0, n, StandardCharsets.UTF_8);
    }

    /** An address as text; IPv6 in RFC 5952's short form (fe80::1), as ip(8) prints it. */
    static String text(byte[] address) {
        try {
            return Addresses.text(InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            return HexFormat.of().formatHex(address);
        }
    }
}
