package lobos.kexec;

import lobos.LobosException;

/** A kernel could not be found, checked, loaded or started. */
public class KexecException extends LobosException {
    public KexecException(String message, String hint) {
        super(message, hint);
    }

    public KexecException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
