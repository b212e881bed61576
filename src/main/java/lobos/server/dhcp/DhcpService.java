package lobos.server.dhcp;

import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import lobos.LobosException;
import lobos.net.LinkSocket;
import lobos.net.dhcp.DhcpCodec;
import lobos.net.dhcp.DhcpFormatException;
import lobos.net.dhcp.DhcpMessage;

/**
 * The DHCP server's sockets: port 67 on every interface it serves (and 4011 in proxy mode),
 * each read by its own platform thread (the socket calls are FFM downcalls, which would pin a
 * virtual thread's carrier). A malformed datagram is logged with its sender and dropped.
 */
public final class DhcpService implements AutoCloseable {
    public static final int SERVER_PORT = 67, PXE_PORT = 4011;
    private static final Duration SLICE = Duration.ofMillis(250);
    private static final long ADDRESSES_TTL_NS = 2_000_000_000L;
    private static final int RECEIVE_BUFFER = 4 << 20;

    private final DhcpResponder responder;
    private final Consumer<String> log;
    private final List<LinkSocket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private DhcpService(DhcpResponder responder, Consumer<String> log) {
        this.responder = responder;
        this.log = log;
    }

    /** Listens on {@code links} (67, and 4011 when {@code proxy}); answers through {@code responder}. */
    public static DhcpService start(List<String> links, boolean proxy, DhcpResponder responder, Consumer<String> log) {
        DhcpService service = new DhcpService(responder, log);
        try {
            for (String link : links) {
                service.listen(link, SERVER_PORT);
                if (proxy) service.listen(link, PXE_PORT);
            }
        } catch (RuntimeException e) {
            service.close();
            throw new LobosException("cannot listen for DHCP: " + e.getMessage(),
                    "run lobos server as root, name interfaces that exist (dhcp: interfaces:), and stop any other DHCP server on them", e);
        }
        return service;
    }

    private void listen(String link, int port) {
        LinkSocket socket = new LinkSocket(link, port);
        sockets.add(socket);
        // a cluster powering on sends a burst of DISCOVERs: queue them (4 MiB, some 4,000 requests) rather than drop them
        socket.receiveBuffer(RECEIVE_BUFFER);
        threads.add(Thread.ofPlatform().daemon().name("dhcp-" + link + "-" + port).start(() -> serve(socket, port)));
    }

    private void serve(LinkSocket socket, int port) {
        Addresses addresses = new Addresses(socket.link());
        while (!closed) {
            LinkSocket.Datagram d;
            try {
                d = socket.receive(SLICE);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) log.accept("DHCP socket on " + socket.link() + ": " + e.getMessage());
                return;
            }
            if (d == null) continue;
            try {
                handle(socket, port, addresses, d);
            } catch (DhcpFormatException e) {
                log.accept("refused a datagram from " + (d.source() == null ? "?" : d.source().getHostAddress()) + " on "
                        + socket.link() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                // a bug answering one client must not stop the server for the others
                log.accept("internal error answering a DHCP request on " + socket.link() + ": " + e);
            }
        }
    }

    private void handle(LinkSocket socket, int port, Addresses addresses, LinkSocket.Datagram d) {
        DhcpMessage m = DhcpCodec.decode(d.data());
        int source = d.source() == null ? 0 : Ipv4.of(d.source());
        Optional<DhcpReply> reply = responder.answer(new DhcpRequest(m, socket.link(), addresses.get(), port, source, d.port()));
        if (reply.isEmpty()) return;
        DhcpReply r = reply.get();
        byte[] bytes = DhcpCodec.encode(r.message(), r.maxSize());
        if (r.to() == DhcpReply.BROADCAST) socket.broadcast(bytes, r.port());
        else socket.send(bytes, Ipv4.address(r.to()), r.port());
    }

    /** An interface's IPv4 addresses, read again every two seconds (addresses may come after the server). */
    private static final class Addresses {
        private final String link;
        private List<DhcpRequest.LinkAddress> cached = List.of();
        private long readAt;

        Addresses(String link) {
            this.link = link;
        }

        List<DhcpRequest.LinkAddress> get() {
            long now = System.nanoTime();
            if (readAt == 0 || now - readAt > ADDRESSES_TTL_NS) {
                cached = read(link);
                readAt = now;
            }
            return cached;
        }

        static List<DhcpRequest.LinkAddress> read(String link) {
            List<DhcpRequest.LinkAddress> out = new ArrayList<>();
            try {
                NetworkInterface ni = NetworkInterface.getByName(link);
                if (ni == null) return out;
                for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                    if (ia.getAddress() instanceof Inet4Address a) out.add(new DhcpRequest.LinkAddress(Ipv4.of(a), ia.getNetworkPrefixLength()));
                }
            } catch (SocketException e) {
                // the interface went away: no addresses, requests are logged as having no subnet
            }
            return out;
        }
    }

    @Override
    public void close() {
        closed = true;
        // the readers leave within a slice; the sockets close after them, so no fd is closed under a read
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (LinkSocket s : sockets) s.close();
    }
}
