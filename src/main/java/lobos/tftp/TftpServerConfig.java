package lobos.tftp;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How a {@link TftpServer} listens and behaves.
 *
 * @param address       where to receive requests (port 0 picks a free port; 69 is TFTP's)
 * @param maxTransfers  transfers running at once; requests beyond are dropped, so clients retry
 * @param timeout       retransmission timeout when the client does not ask for one (RFC 2349)
 * @param retries       retransmissions in a row before a transfer is abandoned
 * @param maxBlockSize  largest blksize granted (RFC 2348); larger requests get this value
 * @param maxWindowSize largest windowsize granted (RFC 7440); bounds what one ACK makes the server
 *                      send, and at most 1024 so that a stale 16-bit ACK number can never be
 *                      mistaken for a block of the current window
 */
public record TftpServerConfig(
        InetSocketAddress address, int maxTransfers, Duration timeout, int retries, int maxBlockSize, int maxWindowSize) {

    public TftpServerConfig {
        if (maxTransfers < 1) throw new TftpException("maxTransfers " + maxTransfers + " must be at least 1", null);
        if (timeout.isNegative() || timeout.isZero()) throw new TftpException("timeout " + timeout + " must be positive", null);
        if (retries < 0) throw new TftpException("retries " + retries + " must not be negative", null);
        if (maxBlockSize < TftpOptions.MIN_BLOCK_SIZE || maxBlockSize > TftpPacket.MAX_BLOCK_SIZE) {
            throw new TftpException("maxBlockSize " + maxBlockSize + " is outside 8..65464", null);
        }
        if (maxWindowSize < 1 || maxWindowSize > 1024) throw new TftpException("maxWindowSize " + maxWindowSize + " is outside 1..1024", null);
    }

    /** 64 transfers, 1 s timeout, 5 retries, blksize up to 65464, windowsize up to 64. */
    public static TftpServerConfig on(InetSocketAddress address) {
        return new TftpServerConfig(address, 64, Duration.ofSeconds(1), 5, TftpPacket.MAX_BLOCK_SIZE, 64);
    }

    public TftpServerConfig withTimeout(Duration d) {
        return new TftpServerConfig(address, maxTransfers, d, retries, maxBlockSize, maxWindowSize);
    }

    public TftpServerConfig withMaxTransfers(int n) {
        return new TftpServerConfig(address, n, timeout, retries, maxBlockSize, maxWindowSize);
    }
}
