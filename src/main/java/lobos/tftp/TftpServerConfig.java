package lobos.tftp;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How a {@link TftpServer} listens and behaves, and the limits that keep one client (or a
 * flood of forged requests) from holding the server: docs/tftp.md and docs/security.md list them.
 *
 * @param address         where to receive requests (port 0 picks a free port; 69 is TFTP's)
 * @param maxTransfers    transfers running at once; requests beyond are dropped, so clients retry
 * @param timeout         retransmission timeout when the client does not ask for one (RFC 2349)
 * @param retries         retransmissions in a row before a transfer is abandoned
 * @param maxBlockSize    largest blksize granted (RFC 2348); larger requests get this value
 * @param maxWindowSize   largest windowsize granted (RFC 7440); bounds what one ACK makes the server
 *                        send, and at most 1024 so that a stale 16-bit ACK number can never be
 *                        mistaken for a block of the current window
 * @param maxPerClient    transfers one client host (IP address) may run at once; its requests
 *                        beyond are dropped like those beyond {@code maxTransfers}
 * @param maxTimeout      largest RFC 2349 timeout granted; a client asking more gets the option
 *                        left out of the OACK and the server's own {@code timeout} (RFC 2349 lets a
 *                        server refuse the option, not lower it)
 * @param maxTransferTime a transfer still running after this long is ended with an ERROR, however
 *                        steadily the client acknowledges
 */
public record TftpServerConfig(
        InetSocketAddress address, int maxTransfers, Duration timeout, int retries, int maxBlockSize, int maxWindowSize,
        int maxPerClient, Duration maxTimeout, Duration maxTransferTime) {

    public static final int DEFAULT_MAX_TRANSFERS = 64;
    public static final int DEFAULT_MAX_PER_CLIENT = 8;
    public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofSeconds(10);
    /** Lock-step TFTP at 2 ms round trips moves about 0.7 MB/s with 1468-byte blocks: 400 MB in this time. */
    public static final Duration DEFAULT_MAX_TRANSFER_TIME = Duration.ofMinutes(10);

    public TftpServerConfig {
        if (maxTransfers < 1) throw new TftpException("maxTransfers " + maxTransfers + " must be at least 1", null);
        if (!positive(timeout)) throw new TftpException("timeout " + timeout + " must be positive", null);
        if (retries < 0) throw new TftpException("retries " + retries + " must not be negative", null);
        if (maxBlockSize < TftpOptions.MIN_BLOCK_SIZE || maxBlockSize > TftpPacket.MAX_BLOCK_SIZE) {
            throw new TftpException("maxBlockSize " + maxBlockSize + " is outside 8..65464", null);
        }
        if (maxWindowSize < 1 || maxWindowSize > 1024) throw new TftpException("maxWindowSize " + maxWindowSize + " is outside 1..1024", null);
        if (maxPerClient < 1) throw new TftpException("maxPerClient " + maxPerClient + " must be at least 1", null);
        if (!positive(maxTimeout)) throw new TftpException("maxTimeout " + maxTimeout + " must be positive", null);
        if (!positive(maxTransferTime)) throw new TftpException("maxTransferTime " + maxTransferTime + " must be positive", null);
    }

    /** The settings before per-client limits and deadlines existed; those get their defaults. */
    public TftpServerConfig(InetSocketAddress address, int maxTransfers, Duration timeout, int retries, int maxBlockSize,
            int maxWindowSize) {
        this(address, maxTransfers, timeout, retries, maxBlockSize, maxWindowSize, DEFAULT_MAX_PER_CLIENT,
                DEFAULT_MAX_TIMEOUT, DEFAULT_MAX_TRANSFER_TIME);
    }

    /**
     * 64 transfers, 8 per client host, 1 s timeout (clients may ask up to 10 s), 5 retries,
     * blksize up to 65464, windowsize up to 64, 10 minutes per transfer.
     */
    public static TftpServerConfig on(InetSocketAddress address) {
        return new TftpServerConfig(address, DEFAULT_MAX_TRANSFERS, Duration.ofSeconds(1), 5, TftpPacket.MAX_BLOCK_SIZE, 64);
    }

    public TftpServerConfig withTimeout(Duration d) {
        return new TftpServerConfig(address, maxTransfers, d, retries, maxBlockSize, maxWindowSize, maxPerClient, maxTimeout, maxTransferTime);
    }

    public TftpServerConfig withMaxTransfers(int n) {
        return new TftpServerConfig(address, n, timeout, retries, maxBlockSize, maxWindowSize, maxPerClient, maxTimeout, maxTransferTime);
    }

    public TftpServerConfig withMaxWindowSize(int n) {
        return new TftpServerConfig(address, maxTransfers, timeout, retries, maxBlockSize, n, maxPerClient, maxTimeout, maxTransferTime);
    }

    public TftpServerConfig withMaxPerClient(int n) {
        return new TftpServerConfig(address, maxTransfers, timeout, retries, maxBlockSize, maxWindowSize, n, maxTimeout, maxTransferTime);
    }

    public TftpServerConfig withMaxTimeout(Duration d) {
        return new TftpServerConfig(address, maxTransfers, timeout, retries, maxBlockSize, maxWindowSize, maxPerClient, d, maxTransferTime);
    }

    public TftpServerConfig withMaxTransferTime(Duration d) {
        return new TftpServerConfig(address, maxTransfers, timeout, retries, maxBlockSize, maxWindowSize, maxPerClient, maxTimeout, d);
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
