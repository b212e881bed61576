package lobos.net.dhcp;

import java.net.Inet4Address;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A BOOTP/DHCP message (RFC 951, RFC 2131 section 2): the fixed header and the options.
 * {@code sname} and {@code file} are the header's text fields; when a sender overloaded them
 * with options (option 52) those options are in {@link #options()} and the fields are empty.
 *
 * @param op     {@link #BOOTREQUEST} or {@link #BOOTREPLY}
 * @param htype  ARP hardware type (1 Ethernet)
 * @param hlen   hardware address length (6 for Ethernet), at most 16
 * @param xid    the transaction ID the client chose
 * @param secs   seconds since the client began
 * @param flags  {@link #FLAG_BROADCAST}: the client cannot receive unicast before it is configured
 * @param chaddr the client's hardware address, 16 bytes (the first {@code hlen} count)
 */
public record DhcpMessage(int op, int htype, int hlen, int hops, int xid, int secs, int flags,
        Inet4Address ciaddr, Inet4Address yiaddr, Inet4Address siaddr, Inet4Address giaddr,
        byte[] chaddr, String sname, String file, DhcpOptions options) {

    public static final int BOOTREQUEST = 1, BOOTREPLY = 2;
    public static final int FLAG_BROADCAST = 0x8000;
    public static final int HTYPE_ETHERNET = 1;
    public static final Inet4Address ANY = DhcpOptions.ipv4(new byte[4], 0);
    public static final Inet4Address BROADCAST = DhcpOptions.ipv4(new byte[] {-1, -1, -1, -1}, 0);

    public DhcpMessage {
        if (op != BOOTREQUEST && op != BOOTREPLY) throw new IllegalArgumentException("op " + op);
        if (hlen < 0 || hlen > 16) throw new IllegalArgumentException("hlen " + hlen);
        chaddr = Arrays.copyOf(chaddr, 16);
        if (ciaddr == null) ciaddr = ANY;
        if (yiaddr == null) yiaddr = ANY;
        if (siaddr == null) siaddr = ANY;
        if (giaddr == null) giaddr = ANY;
        if (sname == null) sname = "";
        if (file == null) file = "";
        if (options == null) options = DhcpOptions.EMPTY;
    }

    /** The message type (option 53), or null for a BOOTP message, which has none. */
    public MessageType type() {
        return options.u8(DhcpOption.MESSAGE_TYPE).map(MessageType::of).orElse(null);
    }

    /** The client's hardware address: the first {@code hlen} bytes of chaddr. */
    public byte[] mac() {
        return Arrays.copyOf(chaddr, hlen);
    }

    /** The hardware address as aa:bb:cc:dd:ee:ff. */
    public String macText() {
        return HexFormat.ofDelimiter(":").formatHex(mac());
    }

    public DhcpMessage withOptions(DhcpOptions newOptions) {
        return new DhcpMessage(op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, sname,
                file, newOptions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpMessage m && op == m.op && htype == m.htype && hlen == m.hlen && hops == m.hops
                && xid == m.xid && secs == m.secs && flags == m.flags && ciaddr.equals(m.ciaddr)
                && yiaddr.equals(m.yiaddr) && siaddr.equals(m.siaddr) && giaddr.equals(m.giaddr)
                && Arrays.equals(chaddr, m.chaddr) && sname.equals(m.sname) && file.equals(m.file)
                && options.equals(m.options);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(op, xid, yiaddr, Arrays.hashCode(chaddr), options);
    }

    @Override
    public String toString() {
        MessageType t = type();
        return (t == null ? (op == BOOTREQUEST ? "BOOTREQUEST" : "BOOTREPLY") : t.name()) + " xid="
                + Integer.toHexString(xid) + " chaddr=" + macText() + " ciaddr=" + ciaddr.getHostAddress() + " yiaddr="
                + yiaddr.getHostAddress() + " siaddr=" + siaddr.getHostAddress() + " giaddr=" + giaddr.getHostAddress()
                + (sname.isEmpty() ? "" : " sname=" + sname) + (file.isEmpty() ? "" : " file=" + file) + " options="
                + options;
    }
}
