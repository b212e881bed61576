package lobos.net.dhcp6;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import lobos.net.dhcp.DhcpClient;
import lobos.net.dhcp.DhcpFormatException;
import lobos.net.dhcp.DhcpTimeoutException;
import lobos.net.dhcp.DhcpValues;

/**
 * A DHCPv6 client (RFC 8415) for what the loader needs from IPv6: SOLICIT, ADVERTISE, REQUEST,
 * REPLY for an address (IA_NA), asking for name servers, the domain list and the boot file URL
 * (RFC 5970); a server that has no address to give is asked with INFORMATION-REQUEST instead.
 * Retransmission as section 15: 1 s, doubling, ±10 %. Link-local addressing and SLAAC are the
 * kernel's (router advertisements); this client only adds what DHCPv6 says.
 */
public final class Dhcp6Client {
    public static final int CLIENT_PORT = 546, SERVER_PORT = 547;
    /** All_DHCP_Relay_Agents_and_Servers. */
    public static final Inet6Address SERVERS = address("ff02::1:2");
    static final int[] ORO = {Dhcp6Message.OPTION_DNS_SERVERS, Dhcp6Message.OPTION_DOMAIN_LIST,
            Dhcp6Message.OPTION_BOOTFILE_URL, Dhcp6Message.OPTION_BOOTFILE_PARAM};

    /** The client's datagrams: to ff02::1:2 port 547 on its link. */
    public interface Transport extends AutoCloseable {
        void send(byte[] packet) throws InterruptedException;

        byte[] receive(Duration timeout) throws InterruptedException;

        @Override
        void close();
    }

    private final String link;
    private final byte[] mac;
    private final Transport transport;
    private final DhcpClient.Clock clock;
    private final RandomGenerator random;
    private final Consumer<String> log;
    private long started;

    public Dhcp6Client(String link, byte[] mac, Transport transport, DhcpClient.Clock clock, RandomGenerator random,
            Consumer<String> log) {
        this.link = link;
        this.mac = mac.clone();
        this.transport = transport;
        this.clock = clock;
        this.random = random;
        this.log = log;
    }

    /** DUID-LL (type 3) of the interface's MAC. */
    byte[] duid() {
        byte[] d = new byte[4 + mac.length];
        d[1] = 3;
        d[3] = 1;
        System.arraycopy(mac, 0, d, 4, mac.length);
        return d;
    }

    /** Asks for an address and the boot information; throws DhcpTimeoutException after {@code timeout}. */
    public Dhcp6Lease obtain(Duration timeout) throws InterruptedException {
        started = clock.nanos();
        long deadline = started + timeout.toNanos();
        int xid = random.nextInt(1 << 24);
        Dhcp6Message advertise = exchange(message(Dhcp6Message.SOLICIT, xid, null, null), xid, Dhcp6Message.ADVERTISE, deadline);
        if (advertise == null) throw timeout(timeout);
        byte[] server = advertise.first(Dhcp6Message.OPTION_SERVERID).orElse(null);
        byte[] iaAddress = iaAddress(advertise);
        log.accept(link + ": DHCPv6 advertise from " + (server == null ? "?" : HexFormat.of().formatHex(server))
                + (iaAddress == null ? " without an address" : ""));
        xid = random.nextInt(1 << 24);
        Dhcp6Message reply = iaAddress == null
                ? exchange(message(Dhcp6Message.INFORMATION_REQUEST, xid, null, null), xid, Dhcp6Message.REPLY, deadline)
                : exchange(message(Dhcp6Message.REQUEST, xid, server, iaAddress), xid, Dhcp6Message.REPLY, deadline);
        if (reply == null) throw timeout(timeout);
        return lease(reply);
    }

    private DhcpTimeoutException timeout(Duration timeout) {
        return new DhcpTimeoutException("no DHCPv6 answer on " + link + " after " + timeout.toSeconds() + " s",
                "check that a DHCPv6 server serves this link (router advertisements alone configure SLAAC)");
    }

    /** The first IAADDR inside the first IA_NA, as its raw option value, or null. */
    static byte[] iaAddress(Dhcp6Message m) {
        byte[] ia = m.first(Dhcp6Message.OPTION_IA_NA).orElse(null);
        if (ia == null || ia.length < 12) return null;
        for (Dhcp6Message.Option o : Dhcp6Message.options(Arrays.copyOfRange(ia, 12, ia.length))) {
            if (o.code() == Dhcp6Message.OPTION_IAADDR && o.value().length >= 24) return o.value();
        }
        return null;
    }

    Dhcp6Lease lease(Dhcp6Message reply) {
        byte[] iaaddr = iaAddress(reply);
        byte[] ia = reply.first(Dhcp6Message.OPTION_IA_NA).orElse(new byte[12]);
        ByteBuffer iab = ByteBuffer.wrap(ia.length >= 12 ? ia : new byte[12]);
        Inet6Address address = null;
        long preferred = 0, valid = 0;
        if (iaddr(iaaddr)) {
            address = address(Arrays.copyOfRange(iaaddr, 0, 16));
            ByteBuffer b = ByteBuffer.wrap(iaaddr);
            preferred = Integer.toUnsignedLong(b.getInt(16));
            valid = Integer.toUnsignedLong(b.getInt(20));
        }
        List<Inet6Address> dns = new ArrayList<>();
        byte[] d = reply.first(Dhcp6Message.OPTION_DNS_SERVERS).orElse(new byte[0]);
        if (d.length % 16 != 0) throw new DhcpFormatException("DHCPv6 option 23 (DNS servers)", 0, "length " + d.length + " is no multiple of 16");
        for (int i = 0; i + 16 <= d.length; i += 16) dns.add(address(Arrays.copyOfRange(d, i, i + 16)));
        List<String> search = reply.first(Dhcp6Message.OPTION_DOMAIN_LIST).map(DhcpValues::domainSearch).orElse(List.of());
        String url = reply.first(Dhcp6Message.OPTION_BOOTFILE_URL).map(v -> new String(v, StandardCharsets.UTF_8)).orElse(null);
        List<String> params = new ArrayList<>();
        byte[] p = reply.first(Dhcp6Message.OPTION_BOOTFILE_PARAM).orElse(new byte[0]);
        for (int i = 0; i + 2 <= p.length; ) {
            int len = (p[i] & 0xff) << 8 | (p[i + 1] & 0xff);
            if (i + 2 + len > p.length) throw new DhcpFormatException("DHCPv6 option 60 (boot file parameters)", i, "a parameter runs past the end");
            params.add(new String(p, i + 2, len, StandardCharsets.UTF_8));
            i += 2 + len;
        }
        String server = reply.first(Dhcp6Message.OPTION_SERVERID).map(HexFormat.of()::formatHex).orElse(null);
        return new Dhcp6Lease(link, address, preferred, valid, Integer.toUnsignedLong(iab.getInt(4)),
                Integer.toUnsignedLong(iab.getInt(8)), dns, search, url, params, server);
    }

    private static boolean iaddr(byte[] v) {
        return v != null && v.length >= 24;
    }

    /** Sends {@code m} and retransmits (1 s, doubling, at most 30 s apart, ±10 %) until a reply of {@code type}. */
    private Dhcp6Message exchange(Dhcp6Message m, int xid, int type, long deadline) throws InterruptedException {
        long rt = 1000;
        while (clock.nanos() < deadline) {
            transport.send(withElapsed(m).encode());
            long wait = (long) (rt * (1 + (random.nextDouble() - 0.5) / 5));
            long until = Math.min(deadline, clock.nanos() + wait * 1_000_000);
            while (clock.nanos() < until) {
                byte[] data = transport.receive(Duration.ofNanos(until - clock.nanos()));
                if (data == null) break;
                try {
                    Dhcp6Message r = Dhcp6Message.decode(data);
                    if (r.xid() == xid && r.type() == type && Arrays.equals(r.first(Dhcp6Message.OPTION_CLIENTID).orElse(null), duid())) {
                        return r;
                    }
                } catch (DhcpFormatException e) {
                    log.accept(link + ": ignored a DHCPv6 packet: " + e.getMessage());
                }
            }
            rt = Math.min(rt * 2, 30_000);
        }
        return null;
    }

    private Dhcp6Message message(int type, int xid, byte[] server, byte[] iaAddress) {
        List<Dhcp6Message.Option> o = new ArrayList<>();
        o.add(new Dhcp6Message.Option(Dhcp6Message.OPTION_CLIENTID, duid()));
        if (server != null) o.add(new Dhcp6Message.Option(Dhcp6Message.OPTION_SERVERID, server));
        o.add(new Dhcp6Message.Option(Dhcp6Message.OPTION_ELAPSED_TIME, new byte[2]));
        if (type != Dhcp6Message.INFORMATION_REQUEST) {
            ByteArrayOutputStream ia = new ByteArrayOutputStream();
            ia.writeBytes(Arrays.copyOfRange(mac, mac.length - 4, mac.length)); // IAID: the MAC's last four bytes
            ia.writeBytes(new byte[8]); // T1, T2: the server chooses
            if (iaAddress != null) {
                byte[] addr = Arrays.copyOf(Arrays.copyOfRange(iaAddress, 0, 16), 24); // lifetimes 0: the server chooses
                ia.writeBytes(Dhcp6Message.encode(List.of(new Dhcp6Message.Option(Dhcp6Message.OPTION_IAADDR, addr))));
            }
            o.add(new Dhcp6Message.Option(Dhcp6Message.OPTION_IA_NA, ia.toByteArray()));
        }
        ByteBuffer oro = ByteBuffer.allocate(ORO.length * 2);
        for (int c : ORO) oro.putShort((short) c);
        o.add(new Dhcp6Message.Option(Dhcp6Message.OPTION_ORO, oro.array()));
        o.add(new Dhcp6Message.Option(Dhcp6Message.OPTION_USER_CLASS, new byte[] {0, 5, 'l', 'o', 'b', 'o', 's'}));
        return new Dhcp6Message(type, xid, o);
    }

    private Dhcp6Message withElapsed(Dhcp6Message m) {
        long centis = Math.min(0xffff, (clock.nanos() - started) / 10_000_000);
        List<Dhcp6Message.Option> o = new ArrayList<>();
        for (Dhcp6Message.Option x : m.options()) {
            o.add(x.code() == Dhcp6Message.OPTION_ELAPSED_TIME
                    ? new Dhcp6Message.Option(x.code(), new byte[] {(byte) (centis >> 8), (byte) centis}) : x);
        }
        return new Dhcp6Message(m.type(), m.xid(), o);
    }

    static Inet6Address address(String text) {
        return (Inet6Address) InetAddress.ofLiteral(text);
    }

    static Inet6Address address(byte[] b) {
        try {
            return Inet6Address.getByAddress(null, b, (java.net.NetworkInterface) null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
