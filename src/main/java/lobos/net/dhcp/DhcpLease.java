package lobos.net.dhcp;

import java.net.Inet4Address;
import java.time.Instant;
import java.util.List;

/**
 * What a DHCP server (or a BOOTP server) gave a client on one interface, read from its ACK (or
 * BOOTREPLY): the address and everything lobos configures or boots from.
 *
 * @param link          the interface (eth0)
 * @param mac           its hardware address, aa:bb:cc:dd:ee:ff
 * @param prefix        from the subnet mask (option 1), else the address's class
 * @param server        the server identifier (option 54); for BOOTP, the replying server's siaddr
 * @param routers       option 3, in order; empty when option 121 is given (RFC 3442 says to ignore 3 then)
 * @param routes        option 121's classless routes
 * @param leaseSeconds  option 51; 0 for an infinite lease or BOOTP
 * @param renewSeconds  T1 (option 58, else half the lease)
 * @param rebindSeconds T2 (option 59, else 7/8 of the lease)
 * @param nextServer    siaddr: the server to fetch the boot file from (TFTP), or null
 * @param tftpServer    option 66 (a name or address), or null
 * @param bootFile      option 67, else the header's file field, or null
 * @param pxelinuxConfig option 209, or null
 * @param pxelinuxPrefix option 210, or null
 * @param managerUrl    option 224 (lobos's manager), or null
 * @param bootp         true if a BOOTP server answered (no option 53); the lease then never expires
 * @param obtained      when the ACK arrived
 */
public record DhcpLease(
        String link, String mac, Inet4Address address, int prefix, Inet4Address server,
        List<Inet4Address> routers, List<DhcpValues.ClasslessRoute> routes, List<Inet4Address> dns, String domain,
        List<String> search, String hostname, int mtu, List<Inet4Address> ntp,
        long leaseSeconds, long renewSeconds, long rebindSeconds,
        Inet4Address nextServer, String tftpServer, String bootFile, String rootPath,
        String pxelinuxConfig, String pxelinuxPrefix, String managerUrl, boolean bootp, Instant obtained,
        DhcpOptions options) {

    public DhcpLease {
        routers = List.copyOf(routers);
        routes = List.copyOf(routes);
        dns = List.copyOf(dns);
        search = List.copyOf(search);
        ntp = List.copyOf(ntp);
    }

    /** Reads a lease from a server's ACK or BOOTREPLY; {@code mac} as aa:bb:... */
    public static DhcpLease from(String link, DhcpMessage ack, Instant obtained) {
        DhcpOptions o = ack.options();
        Inet4Address address = ack.yiaddr();
        int prefix = o.address(DhcpOption.SUBNET_MASK).map(DhcpLease::prefixOf).orElseGet(() -> classfulPrefix(address));
        boolean bootp = ack.type() == null;
        long lease = bootp ? 0 : o.u32(DhcpOption.LEASE_TIME).orElse(0L);
        if (lease == 0xffffffffL) lease = 0;
        long t1 = o.u32(DhcpOption.RENEWAL_TIME).orElse(lease / 2);
        long t2 = o.u32(DhcpOption.REBINDING_TIME).orElse(lease * 7 / 8);
        if (lease > 0 && (t2 > lease || t2 == 0)) t2 = lease * 7 / 8;
        if (lease > 0 && (t1 > t2 || t1 == 0)) t1 = Math.min(lease / 2, t2);
        List<DhcpValues.ClasslessRoute> routes = o.bytes(DhcpOption.CLASSLESS_ROUTES).map(DhcpValues::classlessRoutes)
                .orElse(List.of());
        List<Inet4Address> routers = routes.isEmpty() ? o.addresses(DhcpOption.ROUTER) : List.of();
        List<String> search = o.bytes(DhcpOption.DOMAIN_SEARCH).map(DhcpValues::domainSearch).orElse(List.of());
        Inet4Address server = o.address(DhcpOption.SERVER_ID).orElse(bootp && !ack.siaddr().equals(DhcpMessage.ANY)
                ? ack.siaddr() : null);
        String bootFile = o.string(DhcpOption.BOOTFILE_NAME).orElse(ack.file().isEmpty() ? null : ack.file());
        String tftp = o.string(DhcpOption.TFTP_SERVER_NAME).orElse(ack.sname().isEmpty() ? null : ack.sname());
        return new DhcpLease(link, ack.macText(), address, prefix, server, routers, routes,
                o.addresses(DhcpOption.DNS_SERVERS), o.string(DhcpOption.DOMAIN_NAME).orElse(null), search,
                o.string(DhcpOption.HOST_NAME).orElse(null), o.u16(DhcpOption.INTERFACE_MTU).orElse(0),
                o.addresses(DhcpOption.NTP_SERVERS), lease, t1, t2,
                ack.siaddr().equals(DhcpMessage.ANY) ? null : ack.siaddr(), tftp, bootFile,
                o.string(DhcpOption.ROOT_PATH).orElse(null), o.string(DhcpOption.PXELINUX_CONFIG_FILE).orElse(null),
                o.string(DhcpOption.PXELINUX_PATH_PREFIX).orElse(null), o.string(DhcpOption.LOBOS_MANAGER_URL).orElse(null),
                bootp, obtained, o);
    }

    /** The default gateway: the first router, or a classless route to 0.0.0.0/0, or null. */
    public Inet4Address gateway() {
        if (!routers.isEmpty()) return routers.getFirst();
        for (DhcpValues.ClasslessRoute r : routes) {
            if (r.prefix() == 0) return r.router();
        }
        return null;
    }

    /** The netmask as a dotted quad (255.255.255.0). */
    public String netmask() {
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        return (mask >> 24) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
    }

    /** The server to fetch boot files from: option 66, else siaddr, else the DHCP server. */
    public String bootServer() {
        if (tftpServer != null && !tftpServer.isBlank()) return tftpServer;
        if (nextServer != null) return nextServer.getHostAddress();
        return server == null ? null : server.getHostAddress();
    }

    static int prefixOf(Inet4Address mask) {
        byte[] b = mask.getAddress();
        int bits = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        return Integer.bitCount(bits);
    }

    static int classfulPrefix(Inet4Address a) {
        int first = a.getAddress()[0] & 0xff;
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }
}
