package lobos.tftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Optional;
import lobos.tftp.TftpPacket.Ack;
import lobos.tftp.TftpPacket.Data;
import lobos.tftp.TftpPacket.ErrorPacket;
import lobos.tftp.TftpPacket.Mode;
import lobos.tftp.TftpPacket.OptionAck;
import lobos.tftp.TftpPacket.ReadRequest;

/**
 * The sending side of one read request. Sends a window of blocks, then waits: an ACK inside
 * the window moves its start to the block after the ACK and the window is sent from there
 * (RFC 7440), so a receiver that saw a gap gets the rest again. A duplicate ACK is ignored:
 * only a timeout resends (RFC 1123 4.2.3.1, the Sorcerer's Apprentice fix). The whole
 * transfer ends, with an ERROR to the client, when it runs longer than the configured
 * {@code maxTransferTime}, however steadily the client acknowledges.
 */
final class ServerTransfer {
    private static final System.Logger LOG = System.getLogger("lobos.tftp.server");

    private final TftpServerConfig config;
    private final TftpFiles files;
    private final ReadRequest request;
    private final InetSocketAddress client;
    private final UdpPort port;

    private int blockSize = TftpPacket.DEFAULT_BLOCK_SIZE;
    private int windowSize = 1;
    private long timeoutNanos;
    private final long endNanos;

    ServerTransfer(TftpServerConfig config, TftpFiles files, ReadRequest request, InetSocketAddress client, UdpPort port) {
        this.config = config;
        this.files = files;
        this.request = request;
        this.client = client;
        this.port = port;
        this.timeoutNanos = config.timeout().toNanos();
        this.endNanos = System.nanoTime() + config.maxTransferTime().toNanos();
    }

    void run() throws IOException {
        if (request.mode() == Mode.MAIL) {
            port.send(ErrorPacket.bounded(ErrorPacket.ILLEGAL_OPERATION, "mail mode is not supported"), client);
            return;
        }
        Optional<TftpContent> content;
        BlockSource source;
        try {
            content = files.lookup(request.filename(), client);
            if (content.isEmpty()) {
                port.send(ErrorPacket.bounded(ErrorPacket.FILE_NOT_FOUND, "File not found"), client);
                return;
            }
            source = BlockSource.open(content.get(), request.mode());
        } catch (TftpException e) {
            port.send(ErrorPacket.bounded(ErrorPacket.ACCESS_VIOLATION, e.getMessage()), client);
            return;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + TftpServer.shown(request.filename()) + " for " + TftpClient.describe(client), e);
            port.send(ErrorPacket.bounded(ErrorPacket.NOT_DEFINED, "cannot read the file"), client);
            return;
        }
        try (source) {
            var accepted = negotiate(source.size());
            if (!accepted.isEmpty() && !awaitAck0(new OptionAck(accepted))) return;
            send(source);
        }
    }

    /** The options this server grants: unknown or invalid ones are left out (RFC 2347). */
    private LinkedHashMap<String, String> negotiate(long size) {
        var accepted = new LinkedHashMap<String, String>();
        request.options().forEach((name, value) -> {
            switch (name) {
                case TftpOptions.BLKSIZE -> TftpOptions.number(value, TftpOptions.MIN_BLOCK_SIZE, Long.MAX_VALUE).ifPresent(n -> {
                    blockSize = (int) Math.min(n, config.maxBlockSize());
                    accepted.put(name, Integer.toString(blockSize));
                });
                case TftpOptions.WINDOWSIZE -> TftpOptions.number(value, 1, TftpOptions.MAX_WINDOW_SIZE).ifPresent(n -> {
                    windowSize = (int) Math.min(n, config.maxWindowSize());
                    accepted.put(name, Integer.toString(windowSize));
                });
                // above the server's maximum the option is left out (RFC 2349 lets a server refuse it, not lower it)
                case TftpOptions.TIMEOUT -> TftpOptions.number(value, 1, Math.min(TftpOptions.MAX_TIMEOUT_SECONDS,
                        Math.max(1, config.maxTimeout().toSeconds()))).ifPresent(n -> {
                    timeoutNanos = n * 1_000_000_000L;
                    accepted.put(name, Long.toString(n));
                });
                case TftpOptions.TSIZE -> accepted.put(name, Long.toString(size));
                default -> {}
            }
        });
        return accepted;
    }

    /** Sends the OACK until the client acknowledges it with ACK 0; false if it never does or refuses. */
    private boolean awaitAck0(OptionAck oack) throws IOException {
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            if (overtime()) return false;
            port.send(oack, client);
            long deadline = ackDeadline();
            for (var r = port.receive(deadline); r != null; r = port.receive(deadline)) {
                switch (fromClient(r)) {
                    case Ack a when a.block() == 0 -> { return true; }
                    case ErrorPacket e -> { return ended(e); }
                    case null, default -> {}
                }
            }
        }
        LOG.log(System.Logger.Level.INFO, "{0}: no ACK for the option acknowledgement of {1}", TftpClient.describe(client), TftpServer.shown(request.filename()));
        return false;
    }

    private void send(BlockSource source) throws IOException {
        long lastBlock = source.size() / blockSize + 1; // a short (maybe empty) block ends the file
        long base = 0; // every block up to here is acknowledged
        int silent = 0;
        var buffer = ByteBuffer.allocate(blockSize);
        while (base < lastBlock) {
            if (overtime()) return;
            long end = Math.min(base + windowSize, lastBlock);
            for (long block = base + 1; block <= end; block++) {
                buffer.clear();
                source.read((block - 1) * blockSize, buffer);
                var data = new byte[buffer.position()];
                buffer.flip().get(data);
                port.send(new Data((int) (block & 0xFFFF), data), client);
            }
            long acked = awaitAck(base, end);
            if (acked < 0) return;
            if (acked == base) {
                if (++silent > config.retries()) {
                    LOG.log(System.Logger.Level.INFO, "{0}: gave up on {1} at block {2}: no answer",
                            TftpClient.describe(client), TftpServer.shown(request.filename()), base);
                    return;
                }
            } else {
                silent = 0;
                base = acked;
                source.acknowledged(base * blockSize);
            }
        }
    }

    /**
     * Waits for an ACK of a block in (base, end] and returns that block; base when the time
     * is up (resend), -1 when the client sent ERROR. Window sizes stay far below 32768, so a
     * 16-bit number maps to one block of the window.
     */
    private long awaitAck(long base, long end) throws IOException {
        long deadline = ackDeadline();
        for (var r = port.receive(deadline); r != null; r = port.receive(deadline)) {
            switch (fromClient(r)) {
                case Ack a -> {
                    long ahead = (a.block() - base) & 0xFFFF;
                    if (ahead >= 1 && ahead <= end - base) return base + ahead;
                    // a duplicate or stale ACK: never resend because of it
                }
                case ErrorPacket e -> {
                    ended(e);
                    return -1;
                }
                case null, default -> {}
            }
        }
        return base;
    }

    /** When to stop waiting for an ACK: after the timeout, or at the end of the transfer's time. */
    private long ackDeadline() {
        return Math.min(System.nanoTime() + timeoutNanos, endNanos);
    }

    /** True (after telling the client) when the transfer has used up its time. */
    private boolean overtime() throws IOException {
        if (System.nanoTime() - endNanos < 0) return false;
        String limit = TftpServer.duration(config.maxTransferTime());
        LOG.log(System.Logger.Level.INFO, "{0}: ended the transfer of {1}: it took longer than {2}",
                TftpClient.describe(client), TftpServer.shown(request.filename()), limit);
        port.send(ErrorPacket.bounded(ErrorPacket.NOT_DEFINED, "the transfer took longer than " + limit + ", this server's limit"), client);
        return true;
    }

    /** The packet if it came from the client's transfer ID; others get ERROR 5. */
    private TftpPacket fromClient(UdpPort.Received r) throws IOException {
        if (!r.source().equals(client)) {
            port.send(ErrorPacket.bounded(ErrorPacket.UNKNOWN_TID, "unknown transfer ID"), r.source());
            return null;
        }
        return r.packet();
    }

    private boolean ended(ErrorPacket e) {
        LOG.log(System.Logger.Level.INFO, "{0} ended the transfer of {1}: {2} {3}",
                TftpClient.describe(client), TftpServer.shown(request.filename()), e.codeName(), TftpServer.shown(e.message()));
        return false;
    }
}
