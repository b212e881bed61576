package lobos.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import lobos.LobosException;
import lobos.linux.Arch;
import lobos.net.dhcp.DhcpClient;
import lobos.net.dhcp.DhcpLease;
import lobos.net.dhcp.DhcpTimeoutException;
import lobos.net.dhcp.DhcpTransport;
import lobos.net.dhcp6.Dhcp6Client;
import lobos.net.dhcp6.Dhcp6Lease;

/**
 * DHCP on one or several interfaces at once: each is set up, given a bounded wait for
 * carrier, and runs its own client on a virtual thread; the first lease wins and the others
 * stop. The winner's socket stays open, for renewing the lease. DHCPv6 runs the same way
 * ({@link #first6}).
 */
public final class Dhcp {
    /** Where the SMBIOS system UUID is (root may read it). */
    public static final Path PRODUCT_UUID = Path.of("/sys/class/dmi/id/product_uuid");

    /**
     * How to run.
     *
     * @param timeout     how long each interface tries before it gives up
     * @param carrierWait how long an interface may take to get carrier
     * @param pxe         act as a PXE client (vendor class PXEClient, options 93/94/97)
     * @param hostname    option 12, or null
     * @param version     lobos's version, for the vendor class "lobos:VERSION"
     */
    public record Settings(Duration timeout, Duration carrierWait, boolean pxe, String hostname, String version) {
        public static Settings defaults(String version) {
            return new Settings(Duration.ofSeconds(30), Duration.ofSeconds(5), false, null, version);
        }
    }

    /** A lease and the client that keeps it. Closing it closes the socket (the lease stays configured). */
    public record Bound(DhcpLease lease, DhcpClient client, DhcpTransport transport) implements AutoCloseable {
        @Override
        public void close() {
            transport.close();
        }
    }

    private final Links links;
    private final Function<String, DhcpTransport> transports;
    private final Function<String, Dhcp6Client.Transport> transports6;
    private final Consumer<String> log;

    /** @param transports6 a DHCPv6 client's datagrams on a link (port 546 to ff02::1:2) */
    public Dhcp(Links links, Function<String, DhcpTransport> transports, Function<String, Dhcp6Client.Transport> transports6,
            Consumer<String> log) {
        this.links = links;
        this.transports = transports;
        this.transports6 = transports6;
        this.log = log;
    }

    /** Real sockets. */
    public Dhcp(Links links, Consumer<String> log) {
        this(links, SocketTransport::new, SocketTransport6::new, log);
    }

    /** The interfaces DHCP may run on: named ones, or every Ethernet interface. */
    public List<String> candidates(String named) {
        if (named != null) {
            if (links.find(named).isEmpty()) {
                throw new LobosException("no network interface " + named, "lobos net lists the interfaces");
            }
            return List.of(named);
        }
        List<String> out = new ArrayList<>();
        for (NetLink l : links.scan()) {
            if (l.dhcpCapable()) out.add(l.name());
        }
        if (out.isEmpty()) {
            throw new LobosException("no network interface to ask DHCP on",
                    "load the network card's driver (build.conf: modules = virtio_net e1000e ...)");
        }
        return out;
    }

    /** Runs DHCP on {@code names}; returns the first lease, or throws saying what each interface found. */
    public Bound first(List<String> names, Settings settings) throws InterruptedException {
        return firstOf(names, name -> one(name, settings), "DHCP",
                "check the cables or virtual network, and that a DHCP server serves them");
    }

    /**
     * Runs DHCPv6 on {@code names} at once; returns the first reply's lease, or throws saying what
     * each interface found. Each interface is set up and given {@code carrierWait} for carrier.
     */
    public Dhcp6Lease first6(List<String> names, Duration timeout, Duration carrierWait) throws InterruptedException {
        return firstOf(names, name -> one6(name, timeout, carrierWait), "DHCPv6", "check that a DHCPv6 server serves these links");
    }

    /** One client per interface, each on its own virtual thread: the first result wins, the others stop. */
    private <T> T firstOf(List<String> names, Client<T> client, String protocol, String hint) throws InterruptedException {
        List<Callable<T>> tasks = new ArrayList<>();
        for (String name : names) tasks.add(() -> client.run(name));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            return pool.invokeAny(tasks);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (names.size() == 1 && cause instanceof LobosException le) throw le;
            throw new DhcpTimeoutException("no " + protocol + " lease on " + String.join(", ", names) + ": "
                    + (cause == null ? e.getMessage() : cause.getMessage()), hint);
        }
    }

    private interface Client<T> {
        T run(String link) throws InterruptedException;
    }

    private Dhcp6Lease one6(String name, Duration timeout, Duration carrierWait) throws InterruptedException {
        NetLink link = carrier(name, carrierWait);
        try (Dhcp6Client.Transport transport = transports6.apply(name)) {
            log.accept("asking DHCPv6 on " + name + " (" + link.mac() + ")");
            return new Dhcp6Client(name, link.macBytes(), transport, DhcpClient.Clock.SYSTEM, random(link), log).obtain(timeout);
        }
    }

    /** Sets {@code name} up and waits for its carrier; throws when it has none in time. */
    private NetLink carrier(String name, Duration wait) throws InterruptedException {
        NetLink link = links.find(name).orElseThrow(() -> new LobosException("no network interface " + name, null));
        links.up(name);
        if (!links.awaitCarrier(name, wait)) {
            throw new DhcpTimeoutException(name + " has no carrier after " + wait.toMillis() + " ms",
                    "plug in the cable, or name another interface");
        }
        return link;
    }

    private Bound one(String name, Settings settings) throws InterruptedException {
        NetLink link = carrier(name, settings.carrierWait());
        DhcpTransport transport = transports.apply(name);
        try {
            DhcpClient client = new DhcpClient(name, identity(link, settings), transport, DhcpClient.Clock.SYSTEM,
                    random(link), log);
            log.accept("asking DHCP on " + name + " (" + link.mac() + ")");
            return new Bound(client.obtain(), client, transport);
        } catch (InterruptedException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /**
     * Transaction IDs need to differ between clients and between runs, not to be secret: seeded
     * from the MAC and the clock (a SecureRandom costs a tenth of a second at boot).
     */
    static java.util.random.RandomGenerator random(NetLink link) {
        long seed = System.nanoTime() ^ System.currentTimeMillis() << 20;
        for (byte b : link.macBytes()) seed = seed * 31 + b;
        return new java.util.SplittableRandom(seed);
    }

    private static DhcpClient.Identity identity(NetLink link, Settings settings) {
        int arch = Arch.current() == Arch.ARM64 ? 11 : 0; // RFC 4578: 0 x86 BIOS (pxelinux), 11 arm64 UEFI
        return new DhcpClient.Identity(link.macBytes(), settings.hostname(), settings.pxe(), arch, systemUuid(),
                DhcpClient.vendorClass(settings.version()), settings.timeout(), Duration.ofSeconds(2));
    }

    /** The SMBIOS system UUID, or null when the machine has none (or it cannot be read). */
    public static UUID systemUuid() {
        try {
            return UUID.fromString(Files.readString(PRODUCT_UUID).strip());
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
