package lobos.tftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import lobos.tftp.TftpPacket.ErrorPacket;
import lobos.tftp.TftpPacket.ReadRequest;
import lobos.tftp.TftpPacket.WriteRequest;

/**
 * A read-only TFTP server. One virtual thread receives requests on the configured address;
 * each read request gets its own virtual thread and its own port (the server's transfer ID,
 * RFC 1350), at most {@code maxTransfers} at once. Names are mapped to content by a
 * {@link TftpFiles}: a {@link RootDirectory}, a caller's function, or both.
 */
public final class TftpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("lobos.tftp.server");

    private final TftpServerConfig config;
    private final TftpFiles files;
    private final UdpPort requests;
    private final InetSocketAddress address;
    private final Semaphore slots;
    private final Set<InetSocketAddress> clients = ConcurrentHashMap.newKeySet();
    private final Set<UdpPort> ports = ConcurrentHashMap.newKeySet();
    private final Thread listener;
    private volatile boolean closed;

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
                if (!closed) LOG.log(System.Logger.Level.ERROR, "TFTP server on " + TftpClient.describe(address) + " stopped", e);
                return;
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
            } catch (IOException e) {
                if (!closed) LOG.log(System.Logger.Level.WARNING, "TFTP request from " + TftpClient.describe(client) + " failed", e);
            }
        }
    }

    private void begin(ReadRequest request, InetSocketAddress client) throws IOException {
        if (!clients.add(client)) return; // a retransmitted request of a running transfer
        if (!slots.tryAcquire()) {
            clients.remove(client);
            LOG.log(System.Logger.Level.WARNING, "{0}: busy ({1} transfers), dropped request for {2}",
                    TftpClient.describe(client), config.maxTransfers(), request.filename());
            return; // the client retransmits and gets a slot later
        }
        UdpPort port;
        try {
            port = UdpPort.bind(new InetSocketAddress(address.getAddress(), 0));
        } catch (IOException e) {
            clients.remove(client);
            slots.release();
            throw e;
        }
        ports.add(port);
        Thread.ofVirtual().name("tftp " + TftpClient.describe(client) + " " + request.filename()).start(() -> {
            try (port) {
                new ServerTransfer(config, files, request, client, port).run();
            } catch (IOException | RuntimeException e) {
                if (!closed) LOG.log(System.Logger.Level.WARNING, "TFTP transfer of " + request.filename() + " to " + TftpClient.describe(client) + " failed", e);
            } finally {
                ports.remove(port);
                clients.remove(client);
                slots.release();
            }
        });
    }

    private void refuse(InetSocketAddress client, int code, String message) throws IOException {
        requests.send(new ErrorPacket(code, message), client);
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
