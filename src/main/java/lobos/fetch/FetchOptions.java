package lobos.fetch;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to fetch.
 *
 * @param timeout   how long without progress before a connection counts as failed
 * @param retries   how many times a transient failure is retried (with backoff)
 * @param insecure  HTTPS and SFTP skip verifying the server (only when the user asks)
 * @param caBundle  the PEM file of trusted CA certificates for HTTPS (the boot image ships
 *                  one); null for the JDK's own
 * @param sshDir    where SFTP finds its keys and known_hosts (the image's /etc/lobos)
 */
public record FetchOptions(Duration timeout, int retries, boolean insecure, Path caBundle, Path sshDir) {
    public static final FetchOptions DEFAULTS = new FetchOptions(Duration.ofSeconds(30), 4, false, null, null);

    public FetchOptions withInsecure(boolean value) {
        return new FetchOptions(timeout, retries, value, caBundle, sshDir);
    }
}
