package lobos.tftp;

import java.time.Duration;

/**
 * What {@link TftpClient} asks the server for and how patient it is.
 *
 * @param blockSize   RFC 2348 blksize to request (8..65464); 512 sends no blksize option
 * @param windowSize  RFC 7440 windowsize to request (1..65535); 1 sends no windowsize option
 * @param requestSize ask for RFC 2349 tsize, so progress knows the total and the size limit acts early
 * @param serverTimeout RFC 2349 timeout in seconds the server should use (1..255), 0 to leave it to the server
 * @param timeout     how long to wait for a packet before retransmitting; doubles on each
 *                    consecutive retransmission up to 8 times this value
 * @param retries     retransmissions in a row before giving up
 * @param maxBytes    refuse files larger than this (before the transfer when tsize is known)
 */
public record TftpClientOptions(
        int blockSize, int windowSize, boolean requestSize, int serverTimeout, Duration timeout, int retries, long maxBytes) {

    /** 1448 bytes fill a 1500-byte Ethernet frame under IPv6 (and IPv4) without fragments. */
    public static final int MTU_BLOCK_SIZE = 1448;

    public TftpClientOptions {
        require(blockSize >= TftpOptions.MIN_BLOCK_SIZE && blockSize <= TftpPacket.MAX_BLOCK_SIZE,
                "block size " + blockSize + " is outside 8..65464 (RFC 2348)");
        require(windowSize >= 1 && windowSize <= TftpOptions.MAX_WINDOW_SIZE,
                "window size " + windowSize + " is outside 1..65535 (RFC 7440)");
        require(serverTimeout >= 0 && serverTimeout <= TftpOptions.MAX_TIMEOUT_SECONDS,
                "server timeout " + serverTimeout + " s is outside 1..255 (RFC 2349), or 0 for none");
        require(!timeout.isNegative() && !timeout.isZero() && timeout.compareTo(Duration.ofMinutes(5)) <= 0,
                "timeout " + timeout + " must be positive and at most 5 minutes");
        require(retries >= 0 && retries <= 100, "retries " + retries + " must be 0..100");
        require(maxBytes >= 0, "size limit " + maxBytes + " is negative");
    }

    /** blksize 1448, windowsize 8, tsize asked, 1 s timeout, 5 retries, no size limit. */
    public static TftpClientOptions defaults() {
        return new TftpClientOptions(MTU_BLOCK_SIZE, 8, true, 0, Duration.ofSeconds(1), 5, Long.MAX_VALUE);
    }

    /** Plain RFC 1350: no options at all, 512-byte blocks in lock-step. */
    public TftpClientOptions withoutOptions() {
        return new TftpClientOptions(TftpPacket.DEFAULT_BLOCK_SIZE, 1, false, 0, timeout, retries, maxBytes);
    }

    public TftpClientOptions withBlockSize(int n) {
        return new TftpClientOptions(n, windowSize, requestSize, serverTimeout, timeout, retries, maxBytes);
    }

    public TftpClientOptions withWindowSize(int n) {
        return new TftpClientOptions(blockSize, n, requestSize, serverTimeout, timeout, retries, maxBytes);
    }

    public TftpClientOptions withRequestSize(boolean ask) {
        return new TftpClientOptions(blockSize, windowSize, ask, serverTimeout, timeout, retries, maxBytes);
    }

    public TftpClientOptions withServerTimeout(int seconds) {
        return new TftpClientOptions(blockSize, windowSize, requestSize, seconds, timeout, retries, maxBytes);
    }

    public TftpClientOptions withTimeout(Duration d) {
        return new TftpClientOptions(blockSize, windowSize, requestSize, serverTimeout, d, retries, maxBytes);
    }

    public TftpClientOptions withRetries(int n) {
        return new TftpClientOptions(blockSize, windowSize, requestSize, serverTimeout, timeout, n, maxBytes);
    }

    public TftpClientOptions withMaxBytes(long n) {
        return new TftpClientOptions(blockSize, windowSize, requestSize, serverTimeout, timeout, retries, n);
    }

    /** True when the request carries at least one RFC 2347 option. */
    boolean hasOptions() {
        return blockSize != TftpPacket.DEFAULT_BLOCK_SIZE || windowSize != 1 || requestSize || serverTimeout > 0;
    }

    private static void require(boolean ok, String problem) {
        if (!ok) throw new TftpException("bad TFTP client setting: " + problem, "use a value in the range given");
    }
}
