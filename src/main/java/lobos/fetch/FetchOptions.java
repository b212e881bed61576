package lobos.fetch;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to fetch.
 *
 * @param timeout   how long without progress before a connection counts as failed (an idle
 *                  timeout: connecting, each answer, each wait for more of the body)
 * @param retries   how many times a transient failure is retried (with backoff)
 * @param insecure  HTTPS and SFTP skip verifying the server (only when the user asks)
 * @param caBundle  the PEM file of trusted CA certificates for HTTPS (the boot image ships
 *                  one); null for the JDK's own
 * @param sshDir    where SFTP finds its keys and known_hosts (the image's /etc/lobos)
 * @param deadline  the most one download may take in all, retries and the waits between them
 *                  included, however steadily the bytes come; a .sha256 look-up and a listing
 *                  get at most {@link Fetcher#LOOKUP_DEADLINE} of it
 */
public record FetchOptions(Duration timeout, int retries, boolean insecure, Path caBundle, Path sshDir, Duration deadline) {
    /** 30 minutes: 100 MiB at 0.5 Mbit/s, with time to spare for retries. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(30);

    public static final FetchOptions DEFAULTS = new FetchOptions(Duration.ofSeconds(30), 4, false, null, null, DEFAULT_DEADLINE);

    public FetchOptions {
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new FetchException("the fetch deadline " + deadline + " is not positive", "give a deadline of a second or more", false);
        }
    }

    /** Options with the default deadline. */
    public FetchOptions(Duration timeout, int retries, boolean insecure, Path caBundle, Path sshDir) {
        this(timeout, retries, insecure, caBundle, sshDir, DEFAULT_DEADLINE);
    }

    public FetchOptions withInsecure(boolean value) {
        return new FetchOptions(timeout, retries, value, caBundle, sshDir, deadline);
    }

    public FetchOptions withDeadline(Duration value) {
        return new FetchOptions(timeout, retries, insecure, caBundle, sshDir, value);
    }
}
