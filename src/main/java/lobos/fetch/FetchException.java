package lobos.fetch;

import lobos.LobosException;

/**
 * A fetch failed. {@link #transient_()} tells whether trying again may help (a timeout, a
 * refused or reset connection, HTTP 5xx or 429) or not (no such file, access denied, a bad
 * certificate, a checksum mismatch): only transient failures are retried.
 */
public class FetchException extends LobosException {
    private final boolean transientFailure;

    public FetchException(String message, String hint, boolean transientFailure) {
        this(message, hint, transientFailure, null);
    }

    public FetchException(String message, String hint, boolean transientFailure, Throwable cause) {
        super(message, hint, cause);
        this.transientFailure = transientFailure;
    }

    /** Whether trying again may help. */
    public boolean transient_() {
        return transientFailure;
    }
}
