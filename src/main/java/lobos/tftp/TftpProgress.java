package lobos.tftp;

/**
 * Told how a download advances: after every acknowledged window and once at the end.
 * Runs on the transfer's thread, so it must be quick (a progress bar throttles its redraws).
 */
@FunctionalInterface
public interface TftpProgress {
    /** Passed as {@code total} when the server did not announce the size (no tsize). */
    long UNKNOWN = -1;

    TftpProgress NONE = (bytes, total) -> {};

    /** {@code bytes} received so far out of {@code total}, or {@link #UNKNOWN}. */
    void transferred(long bytes, long total);
}
