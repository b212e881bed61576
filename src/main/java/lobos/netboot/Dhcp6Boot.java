package lobos.netboot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import lobos.LobosException;
import lobos.linux.Addresses;
import lobos.net.Dhcp;
import lobos.net.Links;
import lobos.net.NetLink;
import lobos.net.NetworkSetup;
import lobos.net.dhcp.DhcpLease;
import lobos.net.dhcp.DhcpTimeoutException;
import lobos.net.dhcp6.Dhcp6Lease;

/**
 * The network boot's IPv6 leg, for when DHCPv4 got no lease or named nothing to boot: DHCPv6 on
 * the same links, its lease configured (the address, its name servers and search list beside
 * DHCPv4's), and the boot file URL it names (RFC 5970 option 59) resolved as {@link NetBoot}
 * resolves a DHCPv4 boot file that is a URL. The loader's network step and {@code lobos netboot}
 * share it.
 */
public final class Dhcp6Boot {
    /** How long DHCPv6 tries after DHCPv4 found nothing ({@code lobos.dhcp6.timeout=}, {@code netboot --timeout6}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The links are up already (DHCPv4 ran on them): this only bounds one that lost its carrier. */
    static final Duration CARRIER_WAIT = Duration.ofSeconds(5);
    /**
     * How long the boot file's server may take to be routed: a router answers a solicitation
     * within half a second, and the kernel solicits again 4 s later when the first got lost.
     */
    static final Duration ROUTE_WAIT = Duration.ofSeconds(5);

    private final Dhcp dhcp;
    private final Links links;
    private final NetworkSetup setup;
    private final NetBoot netboot;
    private final String version;
    private final Consumer<String> log;
    private volatile Dhcp6Lease lease;

    public Dhcp6Boot(Dhcp dhcp, Links links, NetworkSetup setup, NetBoot netboot, String version, Consumer<String> log) {
        this.dhcp = dhcp;
        this.links = links;
        this.setup = setup;
        this.netboot = netboot;
        this.version = version;
        this.log = log;
    }

    /**
     * DHCPv4's answer, or DHCPv6's when DHCPv4's is {@link NetBoot.Nothing} (its tries come
     * first in the message). A zero {@code timeout} turns DHCPv6 off.
     *
     * @param lease the DHCPv4 lease, configured already
     */
    public NetBoot.Result unlessNothing(NetBoot.Result v4, List<String> names, Duration timeout, DhcpLease lease)
            throws InterruptedException, IOException {
        if (!(v4 instanceof NetBoot.Nothing n) || timeout.isZero()) return v4;
        log.accept("netboot: DHCP named nothing to boot; asking DHCPv6");
        return resolve(names, timeout, lease, n.tried());
    }

    /**
     * DHCPv6's answer when DHCPv4 got no lease, on the links that have carrier; a zero
     * {@code timeout} turns DHCPv6 off, and without a link with carrier the failure stands.
     */
    public NetBoot.Result instead(DhcpTimeoutException noLease, List<String> names, Duration timeout)
            throws InterruptedException, IOException {
        if (timeout.isZero()) throw noLease;
        // DHCP brought the links up and waited for their carrier: one without it has none for DHCPv6 either
        List<String> carrier = names.stream().filter(n -> links.find(n).map(NetLink::carrier).orElse(false)).toList();
        if (carrier.isEmpty()) throw noLease;
        log.accept("network: " + noLease.getMessage() + "; asking DHCPv6");
        return resolve(carrier, timeout, null, List.of(noLease.getMessage()));
    }

    /**
     * Asks DHCPv6 on {@code names} and boots what it names; a link without an answer in
     * {@code timeout} is one more entry in what the result says was tried.
     *
     * @param v4    the DHCPv4 lease configured already, or null
     * @param tried what the network boot tried before (DHCPv4's attempt or its look-ups)
     */
    public NetBoot.Result resolve(List<String> names, Duration timeout, DhcpLease v4, List<String> tried)
            throws InterruptedException, IOException {
        Dhcp6Lease got;
        try {
            got = dhcp.first6(names, timeout, CARRIER_WAIT);
        } catch (LobosException e) {
            List<String> all = new ArrayList<>(tried);
            all.add(e.getMessage());
            return new NetBoot.Nothing(all);
        }
        setup.apply(got, v4);
        lease = got;
        InetAddress server = literal(got.bootFileUrl());
        if (server != null && !setup.awaitRoute(server, ROUTE_WAIT)) {
            log.accept("warning: no route to " + Addresses.text(server) + " after " + ROUTE_WAIT.toSeconds() + " s (no router"
                    + " advertisement on " + got.link() + "?); trying anyway");
        }
        String mac = links.find(got.link()).map(NetLink::mac).orElse("");
        return netboot.resolve(new BootNetwork6(got, mac, Dhcp.systemUuid(), BootSettings.arch(), version), tried);
    }

    /** The address a URL names as its host, or null (a name, or no URL). */
    static InetAddress literal(String url) {
        try {
            String host = url == null ? null : URI.create(url).getHost();
            return host == null || !host.startsWith("[") ? null : InetAddress.ofLiteral(host.substring(1, host.length() - 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The DHCPv6 lease of the last {@link #resolve}, or null. */
    public Dhcp6Lease lease() {
        return lease;
    }
}
