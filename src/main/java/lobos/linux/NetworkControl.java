package lobos.linux;

import java.net.InetAddress;
import java.util.List;

/**
 * The kernel's network configuration: links, addresses and routes (rtnetlink). The loader
 * changes them only through this seam; {@link RtnetlinkControl} is the real one, and host tests
 * use {@link RecordingNetworkControl}, so no test ever changes the host's network.
 */
public interface NetworkControl {
    /** A network interface as the kernel reports it. */
    record LinkState(int index, String name, String mac, int mtu, boolean up, boolean carrier, String operstate) {}

    /** An address on an interface; {@code family} is "inet" or "inet6", {@code scope} "global", "link" or "host". */
    record LinkAddress(String link, String family, String address, int prefix, String scope) {}

    /**
     * A route: {@code destination} "default" or an address with {@code prefix}; {@code gateway}
     * null for a directly connected one.
     */
    record Route(String family, String destination, int prefix, String gateway, String link, int metric,
            String protocol) {}

    List<LinkState> links();

    List<LinkAddress> addresses();

    /** The main table's routes. */
    List<Route> routes();

    /** Sets the interface up (IFF_UP). */
    void up(String link);

    void mtu(String link, int mtu);

    /**
     * Adds (or replaces) an address. {@code validSeconds} is the address's lifetime (the lease),
     * 0 for forever.
     */
    void addAddress(String link, InetAddress address, int prefix, long validSeconds);

    void removeAddress(String link, InetAddress address, int prefix);

    /**
     * Adds (or replaces) a route to {@code destination}/{@code prefix} (null destination: the
     * default route) through {@code gateway} (null: on the link itself).
     */
    void addRoute(String link, InetAddress destination, int prefix, InetAddress gateway, int metric);
}
