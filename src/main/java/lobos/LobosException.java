package lobos;

/**
 * An error a user can act on: the message says what failed and where (file:line, offset,
 * URL, device), the hint says what to do about it. The CLI prints both on one or two lines
 * and exits 1; anything else that escapes is a bug and prints a stack trace.
 */
public class LobosException extends RuntimeException {
    private final String hint;

    public LobosException(String message) {
        this(message, null, null);
    }

    public LobosException(String message, String hint) {
        this(message, hint, null);
    }

    public LobosException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /** What the user can do, or null when the message says it all. */
    public String hint() {
        return hint;
    }
}
