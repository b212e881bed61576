package lobos.server.dhcp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import lobos.net.dhcp.DhcpCodec;
import lobos.net.dhcp.DhcpMessage;
import lobos.net.dhcp.DhcpOption;
import lobos.net.dhcp.DhcpOptions;
import lobos.net.dhcp.DhcpValues;
import lobos.net.dhcp.MessageType;

/**
 * The DHCP server's decisions, without sockets: a request in, a reply (or nothing) out, leases
 * in the {@link LeasePool}. Authoritative for its subnets (RFC 2131): it NAKs requests for
 * addresses that are not the client's, answers relayed requests from the relay's subnet (giaddr,
 * or RFC 3527 link selection in option 82, which it echoes, RFC 3046), and tells boot clients
 * what to boot ({@link BootClient}). In proxy mode (PXE specification 2.1, RFC 4578) it answers
 * only boot clients, with boot information and no address, on port 67 and 4011. Requests it
 * does not answer are logged with the reason; nothing a client sends stops it.
 */
public final class DhcpResponder {
    private static final int CLIENT_PORT = 68, SERVER_PORT = 67;
    /** RFC 3527: the relay agent's link selection sub-option of option 82. */
    private static final int LINK_SELECTION = 5;

    private volatile DhcpSettings settings;
    private final LeasePool pool;
    private final DhcpEvents events;
    private final Consumer<String> log;

    public DhcpResponder(DhcpSettings settings, LeasePool pool, DhcpEvents events, Consumer<String> log) {
        this.settings = settings;
        this.pool = pool;
        this.events = events;
        this.log = log;
    }

    /** A new node file's settings, from the next request on. */
    public void update(DhcpSettings newSettings) {
        this.settings = newSettings;
    }

    public DhcpSettings settings() {
        return settings;
    }

    /** Everything the server knows about a request while it answers it. */
    private record Client(DhcpRequest request, DhcpMessage m, String mac, String clientId, String owner, String uuid,
            String hostname, BootClient boot, DhcpSettings.Known known) {}

    /** The reply to send, or empty (with a log line saying why, unless it was not for this server). */
    public Optional<DhcpReply> answer(DhcpRequest request) {
        DhcpMessage m = request.message();
        if (m.op() != DhcpMessage.BOOTREQUEST) return Optional.empty(); // another server's reply
        if (m.htype() != DhcpMessage.HTYPE_ETHERNET || m.hlen() != 6) {
            log.accept("ignored a request with hardware type " + m.htype() + " and length " + m.hlen() + " on "
                    + request.link() + ": only Ethernet clients are served");
            return Optional.empty();
        }
        DhcpSettings s = settings;
        String mac = m.macText();
        String clientId = m.options().bytes(DhcpOption.CLIENT_ID).map(HexFormat.of()::formatHex).orElse(null);
        UUID uuid = m.options().bytes(DhcpOption.CLIENT_MACHINE_ID).map(DhcpValues::machineId).orElse(null);
        String hostname = m.options().string(DhcpOption.HOST_NAME).orElse(null);
        DhcpSettings.Known known = s.clients().find(mac, uuid == null ? null : uuid.toString(), hostname);
        if (known == null && !s.clients().serveUnknown()) {
            log.accept("ignored " + describe(m) + " from " + mac + ": not in the node file (unknown: ignore)");
            return Optional.empty();
        }
        Client c = new Client(request, m, mac, clientId, clientId != null ? "id:" + clientId : "mac:" + mac,
                uuid == null ? null : uuid.toString(), hostname, BootClient.of(m), known);
        return (s.mode() == DhcpSettings.Mode.PROXY ? proxy(c, s) : authoritative(c, s)).flatMap(r -> fitting(r, mac));
    }

    /**
     * The reply as the client can take it (its maximum message size, at least 576 bytes): as it
     * is, else without the echoed option 82 (a request's own, up to 255 octets, can crowd out
     * the boot options), else none.
     */
    private Optional<DhcpReply> fitting(DhcpReply r, String mac) {
        if (DhcpCodec.fits(r.message(), r.maxSize())) return Optional.of(r);
        DhcpMessage without = r.message().withOptions(r.message().options().toBuilder()
                .remove(DhcpOption.RELAY_AGENT_INFO.code).build());
        if (DhcpCodec.fits(without, r.maxSize())) {
            log.accept("the answer to " + mac + " leaves out the relay agent option: with it, it would not fit in "
                    + r.maxSize() + " bytes");
            return Optional.of(new DhcpReply(without, r.to(), r.port(), r.maxSize()));
        }
        log.accept("no answer to " + mac + ": it would not fit in " + r.maxSize() + " bytes");
        return Optional.empty();
    }

    private Optional<DhcpReply> authoritative(Client c, DhcpSettings s) {
        DhcpMessage m = c.m();
        if (c.request().port() != SERVER_PORT) return Optional.empty();
        int relay = relayLink(m);
        int selector = relay != 0 ? relay : Ipv4.of(m.ciaddr());
        Subnet subnet = null;
        int server = 0;
        if (selector != 0) {
            subnet = subnet(s, selector);
            if (!c.request().local().isEmpty()) server = c.request().local().getFirst().address();
            for (var la : c.request().local()) {
                if (subnet != null && subnet.contains(la.address())) server = la.address();
            }
        } else {
            for (var la : c.request().local()) {
                Subnet found = subnet(s, la.address());
                if (found != null) {
                    subnet = found;
                    server = la.address();
                    break;
                }
            }
        }
        if (subnet == null || server == 0) {
            log.accept("ignored " + describe(m) + " from " + c.mac() + " on " + c.request().link() + ": no subnet in the node file for "
                    + (relay != 0 ? "relay link " + Ipv4.text(relay) : selector != 0 ? "client address " + Ipv4.text(selector)
                    : "this interface's addresses"));
            return Optional.empty();
        }
        int reserved = c.known() != null ? c.known().address() : 0;
        if (reserved != 0 && !subnet.contains(reserved)) reserved = 0; // reserved in another subnet than it asks from
        MessageType type = m.type();
        if (type == null) return bootp(c, s, subnet, server, reserved);
        return switch (type) {
            case DISCOVER -> discover(c, s, subnet, server, reserved);
            case REQUEST -> request(c, s, subnet, server, reserved);
            case DECLINE -> {
                int a = m.options().address(DhcpOption.REQUESTED_ADDRESS).map(Ipv4::of).orElse(0);
                if (ours(c, server) && pool.decline(a, c.owner())) {
                    log.accept(c.mac() + " declined " + Ipv4.text(a) + " (in use on the network); not handed out for "
                            + LeasePool.DECLINE_HOLD_MS / 60_000 + " min");
                }
                yield Optional.empty();
            }
            case RELEASE -> {
                if (pool.release(Ipv4.of(m.ciaddr()), c.owner())) log.accept(c.mac() + " released " + m.ciaddr().getHostAddress());
                yield Optional.empty();
            }
            case INFORM -> Optional.of(send(c, MessageType.ACK, 0, server, subnet, 0, s));
            default -> Optional.empty();
        };
    }

    private Optional<DhcpReply> discover(Client c, DhcpSettings s, Subnet subnet, int server, int reserved) {
        int requested = c.m().options().address(DhcpOption.REQUESTED_ADDRESS).map(Ipv4::of).orElse(0);
        int a = pool.choose(subnet, c.owner(), c.mac(), reserved, requested, s.clients()::reservedFor);
        if (a == -1) {
            log.accept("no free address in " + subnet + " for " + c.mac() + ": every address of its ranges is leased");
            return Optional.empty();
        }
        pool.offer(a, c.mac(), c.clientId(), hostname(c));
        return Optional.of(send(c, MessageType.OFFER, a, server, subnet, subnet.leaseSeconds(), s));
    }

    private Optional<DhcpReply> request(Client c, DhcpSettings s, Subnet subnet, int server, int reserved) {
        DhcpMessage m = c.m();
        Integer serverId = m.options().address(DhcpOption.SERVER_ID).map(Ipv4::of).orElse(null);
        int requested = m.options().address(DhcpOption.REQUESTED_ADDRESS).map(Ipv4::of).orElse(0);
        int ciaddr = Ipv4.of(m.ciaddr());
        int address;
        if (serverId != null) {
            if (!ours(c, server)) { // SELECTING another server's offer
                pool.withdraw(c.owner());
                return Optional.empty();
            }
            address = requested != 0 ? requested : ciaddr;
        } else if (requested != 0 && ciaddr == 0) {
            address = requested; // INIT-REBOOT
        } else if (ciaddr != 0) {
            address = ciaddr; // RENEWING, REBINDING
        } else {
            log.accept("ignored a DHCPREQUEST from " + c.mac() + " that names no address (neither option 50 nor ciaddr)");
            return Optional.empty();
        }
        String why = null;
        if (!subnet.contains(address)) {
            why = Ipv4.text(address) + " is not in " + subnet;
        } else if (reserved != 0 && address != reserved) {
            why = c.mac() + " has the reservation " + Ipv4.text(reserved);
        } else if (address != reserved && !subnet.inRange(address)) {
            why = Ipv4.text(address) + " is outside the ranges of " + subnet;
        } else if (!pool.availableTo(address, c.owner(), c.mac(), s.clients()::reservedFor)) {
            why = Ipv4.text(address) + " is leased to another client";
        }
        if (why != null) {
            log.accept("NAK to " + c.mac() + ": " + why);
            return Optional.of(nak(c, server, why));
        }
        Lease lease = pool.bind(address, c.mac(), c.clientId(), hostname(c), subnet.leaseSeconds());
        DhcpReply reply = send(c, MessageType.ACK, address, server, subnet, subnet.leaseSeconds(), s);
        events.bound(lease, c.uuid(), c.boot(), bootFile(reply.message()));
        return Optional.of(reply);
    }

    private Optional<DhcpReply> bootp(Client c, DhcpSettings s, Subnet subnet, int server, int reserved) {
        if (reserved == 0) {
            log.accept("ignored a BOOTP request from " + c.mac() + ": BOOTP clients need an address reserved in the node file");
            return Optional.empty();
        }
        Lease lease = pool.bind(reserved, c.mac(), null, hostname(c), 0);
        DhcpReply reply = send(c, null, reserved, server, subnet, 0, s);
        events.bound(lease, c.uuid(), c.boot(), bootFile(reply.message()));
        return Optional.of(reply);
    }

    private Optional<DhcpReply> proxy(Client c, DhcpSettings s) {
        DhcpMessage m = c.m();
        if (c.boot() instanceof BootClient.Plain || c.boot() instanceof BootClient.Lobos) return Optional.empty();
        boolean onPxePort = c.request().port() != SERVER_PORT;
        MessageType type = m.type();
        if (!(type == MessageType.DISCOVER && !onPxePort) && !(onPxePort && (type == MessageType.REQUEST || type == MessageType.INFORM))) {
            return Optional.empty();
        }
        if (c.request().local().isEmpty()) {
            log.accept("ignored a PXE request on " + c.request().link() + ": the interface has no IPv4 address to answer from");
            return Optional.empty();
        }
        int server = c.request().local().getFirst().address();
        int relay = Ipv4.of(m.giaddr());
        for (var la : c.request().local()) {
            if (relay == 0 ? c.request().source() != 0 && la.sameSubnet(c.request().source()) : la.sameSubnet(relay)) server = la.address();
        }
        DhcpOptions.Builder o = DhcpOptions.builder().u8(DhcpOption.MESSAGE_TYPE,
                (type == MessageType.DISCOVER ? MessageType.OFFER : MessageType.ACK).code).address(DhcpOption.SERVER_ID, Ipv4.address(server));
        String file = boot(c, s, server, o, true);
        if (file == null) {
            log.accept("no boot file for " + c.mac() + " (" + c.boot().label() + "): nothing to answer as proxyDHCP");
            return Optional.empty();
        }
        relayAgentInfo(m).ifPresent(v -> o.put(DhcpOption.RELAY_AGENT_INFO, v));
        DhcpMessage reply = new DhcpMessage(DhcpMessage.BOOTREPLY, m.htype(), m.hlen(), 0, m.xid(), 0, m.flags(), m.ciaddr(),
                null, Ipv4.address(server), m.giaddr(), m.chaddr(), "", headerFile(file), o.build());
        events.bootInformation(c.mac(), c.uuid(), c.boot(), file);
        int to, port;
        if (relay != 0) {
            to = relay;
            port = SERVER_PORT;
        } else if (onPxePort) {
            to = c.request().source();
            port = c.request().sourcePort();
        } else {
            to = DhcpReply.BROADCAST;
            port = CLIENT_PORT;
        }
        return Optional.of(new DhcpReply(reply, to, port, maxSize(m)));
    }

    /** An OFFER or ACK (or a BOOTP reply, type null) with the subnet's options and the client's boot information. */
    private DhcpReply send(Client c, MessageType type, int yiaddr, int server, Subnet subnet, long leaseSeconds, DhcpSettings s) {
        DhcpMessage m = c.m();
        byte[] wanted = m.options().bytes(DhcpOption.PARAMETER_REQUEST_LIST).orElse(null);
        DhcpOptions.Builder o = DhcpOptions.builder();
        if (type != null) o.u8(DhcpOption.MESSAGE_TYPE, type.code).address(DhcpOption.SERVER_ID, Ipv4.address(server));
        if (leaseSeconds > 0) {
            o.u32(DhcpOption.LEASE_TIME, leaseSeconds).u32(DhcpOption.RENEWAL_TIME, leaseSeconds / 2)
                    .u32(DhcpOption.REBINDING_TIME, leaseSeconds * 7 / 8);
        }
        o.address(DhcpOption.SUBNET_MASK, Ipv4.address(subnet.mask()));
        if (!subnet.routers().isEmpty() && asked(wanted, DhcpOption.ROUTER)) o.addresses(DhcpOption.ROUTER, addresses(subnet.routers()));
        if (!subnet.dns().isEmpty() && asked(wanted, DhcpOption.DNS_SERVERS)) o.addresses(DhcpOption.DNS_SERVERS, addresses(subnet.dns()));
        String name = c.known() != null ? c.known().name() : null;
        if (name != null && asked(wanted, DhcpOption.HOST_NAME)) o.string(DhcpOption.HOST_NAME, name);
        if (subnet.domain() != null && asked(wanted, DhcpOption.DOMAIN_NAME)) o.string(DhcpOption.DOMAIN_NAME, subnet.domain());
        if (subnet.mtu() != 0 && asked(wanted, DhcpOption.INTERFACE_MTU)) o.u16(DhcpOption.INTERFACE_MTU, subnet.mtu());
        if (asked(wanted, DhcpOption.BROADCAST_ADDRESS)) o.address(DhcpOption.BROADCAST_ADDRESS, Ipv4.address(subnet.broadcast()));
        if (!subnet.ntp().isEmpty() && asked(wanted, DhcpOption.NTP_SERVERS)) o.addresses(DhcpOption.NTP_SERVERS, addresses(subnet.ntp()));
        String file = boot(c, s, server, o, false);
        if (file != null && asked(wanted, DhcpOption.BOOTFILE_NAME)) o.string(DhcpOption.BOOTFILE_NAME, file);
        // RFC 3046: the relay agent's option goes back, last
        relayAgentInfo(m).ifPresent(v -> o.put(DhcpOption.RELAY_AGENT_INFO, v));
        int siaddr = file != null && c.boot() instanceof BootClient.Pxe ? server : 0;
        DhcpMessage reply = new DhcpMessage(DhcpMessage.BOOTREPLY, m.htype(), m.hlen(), 0, m.xid(), 0, m.flags(),
                type == MessageType.ACK ? m.ciaddr() : null, Ipv4.address(yiaddr), Ipv4.address(siaddr), m.giaddr(), m.chaddr(),
                "", file == null ? "" : headerFile(file), o.build());
        int relay = Ipv4.of(m.giaddr());
        int ciaddr = Ipv4.of(m.ciaddr());
        if (relay != 0) return new DhcpReply(reply, relay, SERVER_PORT, maxSize(m));
        if (ciaddr != 0) return new DhcpReply(reply, ciaddr, CLIENT_PORT, maxSize(m));
        // a client without an address: broadcast (no ARP entry can be made for it without raw sockets)
        return new DhcpReply(reply, DhcpReply.BROADCAST, CLIENT_PORT, maxSize(m));
    }

    private DhcpReply nak(Client c, int server, String why) {
        DhcpMessage m = c.m();
        DhcpOptions.Builder o = DhcpOptions.builder().u8(DhcpOption.MESSAGE_TYPE, MessageType.NAK.code)
                .address(DhcpOption.SERVER_ID, Ipv4.address(server)).string(DhcpOption.MESSAGE, why);
        relayAgentInfo(m).ifPresent(v -> o.put(DhcpOption.RELAY_AGENT_INFO, v));
        int relay = Ipv4.of(m.giaddr());
        DhcpMessage reply = new DhcpMessage(DhcpMessage.BOOTREPLY, m.htype(), m.hlen(), 0, m.xid(), 0,
                relay != 0 ? m.flags() | DhcpMessage.FLAG_BROADCAST : m.flags(), null, null, null, m.giaddr(), m.chaddr(), "", "",
                o.build());
        return relay != 0 ? new DhcpReply(reply, relay, SERVER_PORT, maxSize(m))
                : new DhcpReply(reply, DhcpReply.BROADCAST, CLIENT_PORT, maxSize(m));
    }

    /**
     * Adds the client's boot options and returns its boot file (or null): the manager URL for
     * lobos, an iPXE script URL for iPXE, iPXE over TFTP or HTTP for firmware.
     */
    private String boot(Client c, DhcpSettings s, int server, DhcpOptions.Builder o, boolean proxy) {
        String base = s.boot().base(server);
        String mac = URLEncoder.encode(c.mac(), StandardCharsets.UTF_8);
        String file = switch (c.boot()) {
            case BootClient.Lobos l -> {
                o.string(DhcpOption.LOBOS_MANAGER_URL, base + "/v1/boot");
                yield null;
            }
            case BootClient.Ipxe i -> base + "/v1/ipxe?mac=" + mac;
            case BootClient.Pxe p -> {
                String f = s.boot().pxeFiles().get(p.arch());
                if (f == null) log.accept("no boot file for " + c.mac() + ": option 93 architecture " + p.arch() + " ("
                        + BootClient.archName(p.arch()) + ") has none in the node file");
                yield f;
            }
            case BootClient.HttpBoot h -> {
                String f = s.boot().httpFiles().get(h.arch());
                if (f == null) log.accept("no HTTP boot file for " + c.mac() + ": option 93 architecture " + h.arch() + " ("
                        + BootClient.archName(h.arch()) + ") has none in the node file");
                yield f == null ? null : base + "/ipxe/" + f;
            }
            case BootClient.Plain p -> null;
        };
        if (file == null) return null;
        boolean http = c.boot() instanceof BootClient.HttpBoot;
        if (http) o.string(DhcpOption.VENDOR_CLASS, "HTTPClient"); // UEFI HTTP boot takes only offers that say so
        if (proxy && !http) {
            o.string(DhcpOption.VENDOR_CLASS, "PXEClient");
            // PXE vendor options: discovery control (6) = 8, boot the file named in this offer
            o.put(DhcpOption.VENDOR_SPECIFIC, new byte[] {6, 1, 8, (byte) 255});
        }
        c.m().options().bytes(DhcpOption.CLIENT_MACHINE_ID).ifPresent(v -> o.put(DhcpOption.CLIENT_MACHINE_ID, v));
        return file;
    }

    /** The header's file field holds 127 bytes and a NUL; a longer name goes only in option 67. */
    private static String headerFile(String file) {
        return file.getBytes(StandardCharsets.ISO_8859_1).length < 128 ? file : "";
    }

    private static String bootFile(DhcpMessage reply) {
        return reply.options().string(DhcpOption.BOOTFILE_NAME).orElse(reply.file().isEmpty() ? null : reply.file());
    }

    private String hostname(Client c) {
        return c.known() != null && c.known().name() != null ? c.known().name() : c.hostname();
    }

    /** Option 54 names this server (or is absent). */
    private static boolean ours(Client c, int server) {
        var id = c.m().options().address(DhcpOption.SERVER_ID).map(Ipv4::of);
        if (id.isEmpty()) return true;
        if (id.get() == server) return true;
        for (var la : c.request().local()) {
            if (la.address() == id.get()) return true;
        }
        return false;
    }

    /**
     * Option 82 as a relay agent adds it: one option, so at most 255 octets (RFC 3046). A longer
     * one (repeated instances joined, as RFC 3396 joins other options) came from no relay: it is
     * neither echoed, which could make the reply too large for the client, nor read.
     */
    static java.util.Optional<byte[]> relayAgentInfo(DhcpMessage m) {
        return m.options().bytes(DhcpOption.RELAY_AGENT_INFO).filter(v -> v.length <= 255);
    }

    /** The link a relay asks for: RFC 3527's sub-option of option 82, else giaddr; 0 for a direct request. */
    static int relayLink(DhcpMessage m) {
        byte[] info = relayAgentInfo(m).orElse(null);
        if (info != null) {
            for (int i = 0; i + 1 < info.length; i += 2 + (info[i + 1] & 0xff)) {
                if ((info[i] & 0xff) == LINK_SELECTION && (info[i + 1] & 0xff) == 4 && i + 6 <= info.length) {
                    return (info[i + 2] & 0xff) << 24 | (info[i + 3] & 0xff) << 16 | (info[i + 4] & 0xff) << 8 | (info[i + 5] & 0xff);
                }
            }
        }
        return Ipv4.of(m.giaddr());
    }

    private static Subnet subnet(DhcpSettings s, int address) {
        for (Subnet n : s.subnets()) {
            if (n.contains(address)) return n;
        }
        return null;
    }

    private static boolean asked(byte[] wanted, DhcpOption option) {
        if (wanted == null) return true; // BOOTP and clients without a list get every option
        for (byte b : wanted) {
            if ((b & 0xff) == option.code) return true;
        }
        return false;
    }

    private static java.util.List<java.net.Inet4Address> addresses(java.util.List<Integer> list) {
        return list.stream().map(Ipv4::address).toList();
    }

    private static int maxSize(DhcpMessage m) {
        return Math.max(DhcpCodec.DEFAULT_MAX_SIZE, m.options().u16(DhcpOption.MAX_MESSAGE_SIZE).orElse(0) - 28);
    }

    private static String describe(DhcpMessage m) {
        MessageType t = m.type();
        return t == null ? "a BOOTP request" : "a DHCP" + t.name();
    }
}
