package lobos.tftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import lobos.tftp.TftpPacket.ErrorPacket;
import lobos.tftp.TftpPacket.ReadRequest;
import lobos.tftp.TftpPacket.WriteRequest;

/**
 * A read-only TFTP server. One virtual thread receives requests on the configured address;
 * each read request gets its own virtual thread and its own port (the server's transfer ID,
 * RFC 1350), at most {@code maxTransfers} at once and {@code maxPerClient} per client host.
 * Names are mapped to content by a {@link TftpFiles}: a {@link RootDirectory}, a caller's
 * function, or both. Nothing a datagram holds ends the listener: a failure to handle one
 * request is logged and the next is read.
 */
public final class TftpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("lobos.tftp.server");

    /** Names in log lines are cut here: a request's name may be 65,000 bytes long. */
    private static final int MAX_LOGGED_NAME = 200;

    private final TftpServerConfig config;
    private final TftpFiles files;
    private final UdpPort requests;
    private final InetSocketAddress address;
    private final Semaphore slots;
    private final Set<InetSocketAddress> clients = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, Integer> perHost = new ConcurrentHashMap<>();
    private final Set<UdpPort> ports = ConcurrentHashMap.newKeySet();
    private final Thread listener;
    private volatile boolean closed;
    private volatile long lastBusyLog;

    private TftpServer(TftpServerConfig config, TftpFiles files, UdpPort requests) throws IOException {
        this.config = config;
        this.files = files;
        this.requests = requests;
        this.address = requests.localAddress();
        this.slots = new Semaphore(config.maxTransfers());
        this.listener = Thread.ofVirtual().name("tftp-server " + TftpClient.describe(address)).start(this::listen);
    }

    /** Binds {@code config.address()} and starts serving; throws TftpException if the port is taken. */
    public static TftpServer start(TftpServerConfig config, TftpFiles files) {
        try {
            return new TftpServer(config, files, UdpPort.bind(config.address()));
        } catch (IOException e) {
            throw new TftpException("cannot listen for TFTP on " + TftpClient.describe(config.address()) + ": " + e.getMessage(),
                    "choose a free port and an address of this host; port 69 needs root", e);
        }
    }

    /** The address requests are received on (with the real port when 0 was configured). */
    public InetSocketAddress address() {
        return address;
    }

    private void listen() {
        while (!closed) {
            UdpPort.Received received;
            try {
                received = requests.receive();
            } catch (IOException e) {
                if (closed) return;
                // an error of the socket, not of one request: say so and keep listening
                LOG.log(System.Logger.Level.ERROR, "TFTP server on " + TftpClient.describe(address) + ": receiving failed", e);
                pause();
                continue;
            }
            if (received == null) return;
            var client = received.source();
            try {
                switch (received.packet()) {
                    case null -> refuse(client, ErrorPacket.ILLEGAL_OPERATION, received.malformed().getMessage());
                    case ReadRequest request -> begin(request, client);
                    case WriteRequest write -> refuse(client, ErrorPacket.ACCESS_VIOLATION, "this server is read-only");
                    default -> {} // a stray DATA/ACK/ERROR: RFC 1350 only answers requests here
                }
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                // one bad request must never end the listener: every later client would time out
                if (!closed) LOG.log(System.Logger.Level.WARNING, "TFTP request from " + TftpClient.describe(client) + " failed", e);
            }
        }
    }

    private void begin(ReadRequest request, InetSocketAddress client) throws IOException {
        if (!clients.add(client)) return; // a retransmitted request of a running transfer
        InetAddress host = client.getAddress();
        if (!takeHostSlot(host)) {
            clients.remove(client);
            busy(client, request, "its host already has " + config.maxPerClient() + " transfers");
            return;
        }
        if (!slots.tryAcquire()) {
            clients.remove(client);
            releaseHostSlot(host);
            busy(client, request, config.maxTransfers() + " transfers are running");
            return; // the client retransmits and gets a slot later
        }
        UdpPort port = null;
        try {
            var bound = UdpPort.bind(new InetSocketAddress(address.getAddress(), 0));
            port = bound;
            ports.add(bound);
            Thread.ofVirtual().name("tftp " + TftpClient.describe(client) + " " + shown(request.filename()))
                    .start(() -> transfer(request, client, bound));
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (port != null) {
                ports.remove(port);
                port.close();
            }
            clients.remove(client);
            releaseHostSlot(host);
            slots.release();
            throw e;
        }
    }

    private void transfer(ReadRequest request, InetSocketAddress client, UdpPort port) {
        try (port) {
            new ServerTransfer(config, files, request, client, port).run();
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (!closed) LOG.log(System.Logger.Level.WARNING, "TFTP transfer of " + shown(request.filename()) + " to " + TftpClient.describe(client) + " failed", e);
        } finally {
            ports.remove(port);
            clients.remove(client);
            releaseHostSlot(client.getAddress());
            slots.release();
        }
    }

    private boolean takeHostSlot(InetAddress host) {
        boolean[] taken = {false};
        perHost.compute(host, (h, n) -> {
            int running = n == null ? 0 : n;
            if (running >= config.maxPerClient()) return n;
            taken[0] = true;
            return running + 1;
        });
        return taken[0];
    }

    private void releaseHostSlot(InetAddress host) {
        perHost.computeIfPresent(host, (h, n) -> n <= 1 ? null : n - 1);
    }

    /** Drops a request for want of a slot, logging at most once a second (a flood must not flood the log). */
    private void busy(InetSocketAddress client, ReadRequest request, String why) {
        long now = System.nanoTime();
        if (now - lastBusyLog < 1_000_000_000L) return;
        lastBusyLog = now;
        LOG.log(System.Logger.Level.WARNING, "{0}: busy ({1}), dropped request for {2} (and others within a second)",
                TftpClient.describe(client), why, shown(request.filename()));
    }

    private void refuse(InetSocketAddress client, int code, String message) throws IOException {
        requests.send(ErrorPacket.bounded(code, message), client);
    }

    /** A name as log lines show it. */
    static String shown(String name) {
        return TftpPacket.cut(name, MAX_LOGGED_NAME);
    }

    /** "10 s", or "500 ms" below a whole second, for messages. */
    static String duration(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening and ends the running transfers. */
    @Override
    public void close() {
        closed = true;
        try {
            requests.close();
            for (var port : ports) port.close();
            listener.join();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the TFTP server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
