package lobos.net.dhcp;

import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * lobos's DHCP client for one interface: the RFC 2131 state machine (INIT, SELECTING,
 * REQUESTING, BOUND, RENEWING, REBINDING; a NAK sends it back to INIT), retransmitting after 4,
 * 8, 16, 32 and then every 64 seconds, each ±1 s, and answering BOOTP servers too (RFC 951,
 * RFC 1542): from the second attempt on it also sends a BOOTP request, and takes a BOOTP reply
 * when no DHCP offer came within a short wait. Time and the network are seams: a test drives
 * it with a scripted transport and a clock that jumps, and never waits.
 */
public final class DhcpClient {
    public static final int SERVER_PORT = 67, CLIENT_PORT = 68;
    /** What lobos asks for (option 55). */
    static final byte[] PARAMETERS = {1, 3, 6, 12, 15, 17, 26, 28, 42, 43, 51, 54, 58, 59, 60, 66, 67, 119, 121, (byte) 175,
            (byte) 209, (byte) 210, (byte) 224};
    /** Ethernet MTU less IP and UDP headers: the largest reply lobos takes in one frame (option 57). */
    static final int MAX_MESSAGE = 1472;
    /** REQUESTs sent before giving up on an offer and starting again. */
    private static final int REQUEST_TRIES = 3;

    /** Monotonic time and waiting; a seam so tests never wait. */
    public interface Clock {
        long nanos();

        void sleep(Duration d) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanos() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                Thread.sleep(d);
            }
        };
    }

    /**
     * Who the client is and what it asks for.
     *
     * @param mac         the interface's hardware address (6 bytes for Ethernet)
     * @param hostname    sent as option 12, or null
     * @param pxe         act as a PXE client: vendor class "PXEClient:Arch:...", options 93, 94, 97
     * @param arch        the PXE client architecture (RFC 4578: 0 BIOS x86, 7 EFI x86-64, 11 EFI arm64)
     * @param uuid        the machine's SMBIOS UUID for option 97, or null
     * @param vendorClass option 60 when not acting as a PXE client
     * @param timeout     how long {@link #obtain()} tries before it gives up
     * @param bootpWait   how long a BOOTP reply waits for a DHCP offer to come and win
     */
    public record Identity(byte[] mac, String hostname, boolean pxe, int arch, UUID uuid, String vendorClass,
            Duration timeout, Duration bootpWait) {
        public Identity {
            mac = mac.clone();
        }
    }

    private final String link;
    private final Identity id;
    private final DhcpTransport transport;
    private final Clock clock;
    private final RandomGenerator random;
    private final Consumer<String> log;
    private long started;

    public DhcpClient(String link, Identity id, DhcpTransport transport, Clock clock, RandomGenerator random,
            Consumer<String> log) {
        this.link = link;
        this.id = id;
        this.transport = transport;
        this.clock = clock;
        this.random = random;
        this.log = log;
    }

    /**
     * INIT to BOUND: returns the lease, or throws {@link DhcpTimeoutException} when no server
     * gave one within the identity's timeout.
     */
    public DhcpLease obtain() throws InterruptedException {
        started = clock.nanos();
        long deadline = started + id.timeout().toNanos();
        int naks = 0;
        List<String> heard = new ArrayList<>();
        while (clock.nanos() < deadline) {
            int xid = random.nextInt();
            DhcpMessage offer = select(xid, deadline, heard);
            if (offer == null) break;
            if (offer.type() == null) {
                log.accept(link + ": BOOTP reply from " + source(offer) + ": " + offer.yiaddr().getHostAddress());
                return DhcpLease.from(link, offer, Instant.now());
            }
            Inet4Address server = offer.options().address(DhcpOption.SERVER_ID).orElse(null);
            log.accept(link + ": offer of " + offer.yiaddr().getHostAddress() + " from " + source(offer));
            DhcpMessage request = message(MessageType.REQUEST, xid, DhcpMessage.ANY, options -> {
                options.address(DhcpOption.REQUESTED_ADDRESS, offer.yiaddr());
                if (server != null) options.address(DhcpOption.SERVER_ID, server);
            });
            DhcpMessage answer = exchange(request, null, xid, deadline, REQUEST_TRIES,
                    m -> (m.type() == MessageType.ACK || m.type() == MessageType.NAK)
                            && (server == null || server.equals(m.options().address(DhcpOption.SERVER_ID).orElse(null))));
            if (answer == null) {
                log.accept(link + ": no answer to the request for " + offer.yiaddr().getHostAddress() + "; starting again");
                continue;
            }
            if (answer.type() == MessageType.NAK) {
                naks++;
                log.accept(link + ": " + source(answer) + " refused " + offer.yiaddr().getHostAddress() + " (NAK"
                        + answer.options().string(DhcpOption.MESSAGE).map(s -> ": " + s).orElse("") + "); starting again");
                heard.add("a NAK from " + source(answer));
                if (naks > 1) clock.sleep(Duration.ofSeconds(Math.min(8, naks))); // a NAKing server must not make us spin
                continue;
            }
            return DhcpLease.from(link, answer, Instant.now());
        }
        throw new DhcpTimeoutException("no DHCP lease on " + link + " after " + id.timeout().toSeconds() + " s"
                + (heard.isEmpty() ? ": no DHCP or BOOTP server answered" : " (heard " + String.join(", ", heard) + ")"),
                "check the cable or virtual network and that a DHCP server serves this link"
                        + " (or configure it statically: ip=<address>::<gateway>:<netmask>::" + link + ":off)");
    }

    /** SELECTING: DISCOVER (and BOOTP requests) until an offer or a lone BOOTP reply. */
    private DhcpMessage select(int xid, long deadline, List<String> heard) throws InterruptedException {
        DhcpMessage discover = message(MessageType.DISCOVER, xid, DhcpMessage.ANY, options -> {});
        DhcpMessage bootp = bootpRequest(xid);
        DhcpMessage bootpReply = null;
        long bootpUntil = Long.MAX_VALUE;
        int attempt = 0;
        long nextSend = clock.nanos();
        while (clock.nanos() < deadline) {
            if (clock.nanos() >= nextSend) {
                transport.broadcast(DhcpCodec.encode(withSecs(discover)));
                if (attempt > 0 && bootpReply == null) transport.broadcast(DhcpCodec.encode(withSecs(bootp)));
                nextSend = clock.nanos() + backoff(attempt++).toNanos();
            }
            long until = Math.min(Math.min(nextSend, deadline), bootpUntil);
            DhcpMessage m = receive(xid, until);
            if (m == null) {
                if (bootpReply != null && clock.nanos() >= bootpUntil) return bootpReply;
                continue;
            }
            if (m.type() == MessageType.OFFER && !m.yiaddr().equals(DhcpMessage.ANY)) return m;
            if (m.type() == null && !m.yiaddr().equals(DhcpMessage.ANY) && bootpReply == null) {
                bootpReply = m;
                heard.add("a BOOTP reply");
                bootpUntil = clock.nanos() + id.bootpWait().toNanos();
            }
        }
        return bootpReply;
    }

    /**
     * RENEWING (unicast to the server, {@code rebind} false) or REBINDING (broadcast): one
     * request, retransmitted until {@code until}. Returns the new lease, or null if no server
     * answered; a NAK throws.
     */
    public DhcpLease extend(DhcpLease lease, boolean rebind, Duration within) throws InterruptedException {
        started = clock.nanos();
        int xid = random.nextInt();
        DhcpMessage request = message(MessageType.REQUEST, xid, lease.address(), options -> {});
        DhcpMessage answer = exchange(request, rebind ? null : lease.server(), xid, clock.nanos() + within.toNanos(),
                Integer.MAX_VALUE, m -> m.type() == MessageType.ACK || m.type() == MessageType.NAK);
        if (answer == null) return null;
        if (answer.type() == MessageType.NAK) {
            throw new DhcpNakException(link + ": " + source(answer) + " took back " + lease.address().getHostAddress()
                    + " (NAK)");
        }
        return DhcpLease.from(link, answer, Instant.now());
    }

    /** Gives the address back (DHCPRELEASE, unicast to the server); nothing comes back. */
    public void release(DhcpLease lease) {
        if (lease.bootp() || lease.server() == null) return;
        DhcpMessage m = message(MessageType.RELEASE, random.nextInt(), lease.address(),
                options -> options.address(DhcpOption.SERVER_ID, lease.server()));
        transport.unicast(DhcpCodec.encode(m), lease.server());
    }

    /** A NAK while renewing: the lease is gone. */
    public static final class DhcpNakException extends lobos.LobosException {
        DhcpNakException(String message) {
            super(message, "lobos asks for a new lease");
        }
    }

    private interface Accept {
        boolean test(DhcpMessage m);
    }

    /** Sends {@code request} (broadcast unless {@code to}), retransmitting, until an accepted answer or the deadline. */
    private DhcpMessage exchange(DhcpMessage request, Inet4Address to, int xid, long deadline, int tries, Accept accept)
            throws InterruptedException {
        for (int attempt = 0; attempt < tries && clock.nanos() < deadline; attempt++) {
            byte[] bytes = DhcpCodec.encode(withSecs(request));
            if (to == null) transport.broadcast(bytes);
            else transport.unicast(bytes, to);
            long until = Math.min(deadline, clock.nanos() + backoff(attempt).toNanos());
            while (clock.nanos() < until) {
                DhcpMessage m = receive(xid, until);
                if (m != null && accept.test(m)) return m;
            }
        }
        return null;
    }

    /** The next reply to us (our xid and hardware address) before {@code until}, or null. Malformed packets are skipped. */
    private DhcpMessage receive(int xid, long until) throws InterruptedException {
        while (true) {
            long left = until - clock.nanos();
            if (left <= 0) return null;
            byte[] data = transport.receive(Duration.ofNanos(left));
            if (data == null) return null;
            DhcpMessage m;
            try {
                m = DhcpCodec.decode(data);
            } catch (DhcpFormatException e) {
                log.accept(link + ": ignored a packet: " + e.getMessage());
                continue;
            }
            if (m.op() != DhcpMessage.BOOTREPLY || m.xid() != xid || !java.util.Arrays.equals(m.mac(), id.mac())) continue;
            return m;
        }
    }

    /** RFC 2131 4.1: 4, 8, 16, 32, then 64 seconds, each randomized by ±1 s. */
    Duration backoff(int attempt) {
        long base = Math.min(64, 4L << Math.min(attempt, 4));
        long jitter = random.nextLong(-1000, 1001);
        return Duration.ofMillis(base * 1000 + jitter);
    }

    private interface OptionFiller {
        void fill(DhcpOptions.Builder options);
    }

    private DhcpMessage message(MessageType type, int xid, Inet4Address ciaddr, OptionFiller extra) {
        DhcpOptions.Builder o = DhcpOptions.builder().u8(DhcpOption.MESSAGE_TYPE, type.code);
        byte[] clientId = new byte[id.mac().length + 1];
        clientId[0] = DhcpMessage.HTYPE_ETHERNET;
        System.arraycopy(id.mac(), 0, clientId, 1, id.mac().length);
        o.put(DhcpOption.CLIENT_ID, clientId);
        extra.fill(o);
        if (type != MessageType.RELEASE) {
            o.u16(DhcpOption.MAX_MESSAGE_SIZE, MAX_MESSAGE);
            o.put(DhcpOption.PARAMETER_REQUEST_LIST, PARAMETERS);
            identify(o);
        }
        boolean broadcast = ciaddr.equals(DhcpMessage.ANY);
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, DhcpMessage.HTYPE_ETHERNET, id.mac().length, 0, xid, 0,
                broadcast ? DhcpMessage.FLAG_BROADCAST : 0, ciaddr, null, null, null, id.mac(), "", "", o.build());
    }

    /** A BOOTP request: no message type, the RFC 1048 options a BOOTP server may read. */
    private DhcpMessage bootpRequest(int xid) {
        DhcpOptions.Builder o = DhcpOptions.builder();
        o.put(DhcpOption.PARAMETER_REQUEST_LIST, PARAMETERS);
        identify(o);
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, DhcpMessage.HTYPE_ETHERNET, id.mac().length, 0, xid, 0,
                DhcpMessage.FLAG_BROADCAST, null, null, null, null, id.mac(), "", "", o.build());
    }

    /** Host name, vendor and user class, and the PXE client options. */
    private void identify(DhcpOptions.Builder o) {
        if (id.hostname() != null && !id.hostname().isBlank()) o.string(DhcpOption.HOST_NAME, id.hostname());
        if (id.pxe()) {
            o.string(DhcpOption.VENDOR_CLASS, String.format("PXEClient:Arch:%05d:UNDI:003016", id.arch()));
            o.put(DhcpOption.USER_CLASS, DhcpValues.userClass(List.of("lobos")));
            o.u16(DhcpOption.CLIENT_ARCH, id.arch());
            o.put(DhcpOption.CLIENT_NDI, new byte[] {1, 3, 16});
            if (id.uuid() != null) o.put(DhcpOption.CLIENT_MACHINE_ID, machineId(id.uuid()));
        } else {
            o.string(DhcpOption.VENDOR_CLASS, id.vendorClass() == null ? "lobos" : id.vendorClass());
            o.put(DhcpOption.USER_CLASS, DhcpValues.userClass(List.of("lobos")));
        }
    }

    static byte[] machineId(UUID uuid) {
        return DhcpValues.machineId(uuid);
    }

    private DhcpMessage withSecs(DhcpMessage m) {
        int secs = (int) Math.min(0xffff, (clock.nanos() - started) / 1_000_000_000L);
        return new DhcpMessage(m.op(), m.htype(), m.hlen(), m.hops(), m.xid(), secs, m.flags(), m.ciaddr(), m.yiaddr(),
                m.siaddr(), m.giaddr(), m.chaddr(), m.sname(), m.file(), m.options());
    }

    private static String source(DhcpMessage m) {
        return m.options().address(DhcpOption.SERVER_ID).orElse(m.siaddr()).getHostAddress();
    }

    /** The vendor class lobos sends when it is not a PXE client: "lobos:VERSION". */
    public static String vendorClass(String version) {
        return "lobos:" + version;
    }
}
