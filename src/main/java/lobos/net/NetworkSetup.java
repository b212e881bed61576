package lobos.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import lobos.linux.Addresses;
import lobos.linux.NetworkControl;
import lobos.net.dhcp.DhcpLease;
import lobos.net.dhcp.DhcpValues;

/**
 * Applies an address configuration to the kernel (rtnetlink) and to the files the JDK's
 * resolver reads: the address with its prefix (and the lease as its lifetime), the MTU
 * (option 26), the routes (option 121, else a default route through the first router),
 * /etc/resolv.conf (servers, domain, search list) and /etc/hosts (this host's name).
 */
public final class NetworkSetup {
    /** The smallest MTU IPv4 allows (RFC 791); option 26 below it is ignored. */
    static final int MIN_MTU = 68;

    private final NetworkControl control;
    private final Path etc;
    private final Consumer<String> log;

    /** @param etc where resolv.conf and hosts go ("/etc" in the loader) */
    public NetworkSetup(NetworkControl control, Path etc, Consumer<String> log) {
        this.control = control;
        this.etc = etc;
        this.log = log;
    }

    /** Configures a DHCP or BOOTP lease. */
    public void apply(DhcpLease lease) throws IOException {
        String link = lease.link();
        if (lease.mtu() >= MIN_MTU) control.mtu(link, lease.mtu());
        control.addAddress(link, lease.address(), lease.prefix(), lease.leaseSeconds());
        for (DhcpValues.ClasslessRoute r : lease.routes()) {
            boolean onLink = r.router().isAnyLocalAddress();
            control.addRoute(link, r.prefix() == 0 ? null : r.destination(), r.prefix(), onLink ? null : r.router(), 0);
        }
        if (lease.routes().isEmpty() && lease.gateway() != null) control.addRoute(link, null, 0, lease.gateway(), 0);
        List<String> search = new ArrayList<>(lease.search());
        resolver(lease.dns(), lease.domain(), search);
        hosts(lease.address(), lease.hostname(), lease.domain());
        log.accept(link + " " + lease.address().getHostAddress() + "/" + lease.prefix() + " from "
                + (lease.bootp() ? "BOOTP" : "DHCP") + (lease.gateway() == null ? "" : ", gateway "
                + lease.gateway().getHostAddress()) + (lease.server() == null ? "" : " (server "
                + lease.server().getHostAddress() + (lease.leaseSeconds() > 0 ? ", lease " + lease.leaseSeconds() + " s" : "")
                + ")"));
    }

    /**
     * Configures a DHCPv6 lease: its address as a /128 (the on-link prefix comes from router
     * advertisements, RFC 8415 section 21.6), and its name servers and search list.
     */
    public void apply(lobos.net.dhcp6.Dhcp6Lease lease) throws IOException {
        apply(lease, null);
    }

    /**
     * Configures a DHCPv6 lease beside a DHCPv4 one (or null) that is configured already:
     * resolv.conf gets both leases' name servers and search lists, DHCPv6's first (the network
     * boot asks DHCPv6 when DHCPv4 named nothing to boot, and the names it then fetches are its).
     */
    public void apply(lobos.net.dhcp6.Dhcp6Lease lease, DhcpLease v4) throws IOException {
        if (lease.address() != null) control.addAddress(lease.link(), lease.address(), 128, lease.validSeconds());
        List<InetAddress> dns = new ArrayList<>(lease.dns());
        List<String> search = new ArrayList<>(lease.search());
        if (v4 != null) {
            dns.addAll(v4.dns());
            if (v4.domain() != null) search.add(v4.domain().strip());
            search.addAll(v4.search());
        }
        resolver(dns, null, search);
        log.accept(lease.link() + (lease.address() == null ? " (no address)" : " " + Addresses.text(lease.address()) + "/128")
                + " from DHCPv6" + (lease.bootFileUrl() == null ? "" : ", boot file " + lease.bootFileUrl()));
    }

    /**
     * Waits until the main routing table has a route to {@code to} (a prefix that holds it, or a
     * default route of its family), at most {@code wait}. A DHCPv6 address is a /128; the route
     * to the servers comes from a router advertisement, which may come after the DHCPv6 reply (a
     * router delays its answer to a solicitation by up to half a second, RFC 4861 section 6.2.6).
     *
     * @return whether a route came (a link-local address needs none)
     */
    public boolean awaitRoute(InetAddress to, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!to.isLinkLocalAddress() && control.routes().stream().noneMatch(r -> routes(r, to))) {
            if (System.nanoTime() >= deadline) return false;
            Thread.sleep(20);
        }
        return true;
    }

    /** Whether {@code r} leads to {@code to}. */
    static boolean routes(NetworkControl.Route r, InetAddress to) {
        if (!r.family().equals(to instanceof Inet4Address ? "inet" : "inet6")) return false;
        if (r.destination().equals("default")) return true;
        byte[] a = InetAddress.ofLiteral(r.destination()).getAddress(), b = to.getAddress();
        if (a.length != b.length || r.prefix() > 8 * a.length) return false;
        for (int bit = 0; bit < r.prefix(); bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) return false;
        }
        return true;
    }

    /** Configures a static {@code ip=} setting on {@code link}. */
    public void apply(IpConfig config, String link) throws IOException {
        InetAddress address = InetAddress.ofLiteral(config.address());
        int prefix = config.prefix() != 0 ? config.prefix() : classful((Inet4Address) address);
        control.addAddress(link, address, prefix, 0);
        if (config.gateway() != null) control.addRoute(link, null, 0, InetAddress.ofLiteral(config.gateway()), 0);
        List<Inet4Address> dns = new ArrayList<>();
        for (String d : config.dns()) dns.add((Inet4Address) InetAddress.ofLiteral(d));
        if (!dns.isEmpty()) resolver(dns, null, List.of());
        hosts(address, config.hostname(), null);
        log.accept(link + " " + config.address() + "/" + prefix + " (static, ip=)"
                + (config.gateway() == null ? "" : ", gateway " + config.gateway()));
    }

    /** Writes resolv.conf: name servers (at most 3, as glibc reads), and the search list. */
    void resolver(List<? extends InetAddress> dns, String domain, List<String> search) throws IOException {
        if (dns.isEmpty() && domain == null && search.isEmpty()) return;
        StringBuilder s = new StringBuilder("# written by lobos from its network configuration\n");
        var names = new LinkedHashSet<String>();
        if (domain != null && !domain.isBlank()) names.add(domain.strip());
        names.addAll(search);
        if (!names.isEmpty()) s.append("search ").append(String.join(" ", names)).append('\n');
        for (InetAddress d : dns.subList(0, Math.min(3, dns.size()))) {
            s.append("nameserver ").append(Addresses.text(d)).append('\n');
        }
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("resolv.conf"), s);
    }

    /**
     * /etc/hosts: this host's name on its address, so the JDK resolves it without DNS. The
     * image's own hosts file (build.conf's config directory) is kept; lobos's line is marked and
     * replaced on the next lease.
     */
    void hosts(InetAddress address, String hostname, String domain) throws IOException {
        Path file = etc.resolve("hosts");
        List<String> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.endsWith(MARK)) lines.add(line);
            }
        } else {
            lines.add("127.0.0.1\tlocalhost");
            lines.add("::1\tlocalhost ip6-localhost ip6-loopback");
        }
        if (hostname != null && !hostname.isBlank()) {
            String name = hostname.strip();
            String full = domain != null && !domain.isBlank() && !name.contains(".") ? name + "." + domain.strip() + " " : "";
            lines.add(address.getHostAddress() + "\t" + full + name + "\t" + MARK);
        }
        Files.createDirectories(etc);
        Files.write(file, lines);
    }

    private static final String MARK = "# lobos";

    static int classful(Inet4Address a) {
        int first = a.getAddress()[0] & 0xff;
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }
}
