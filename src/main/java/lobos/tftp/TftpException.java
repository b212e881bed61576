package lobos.tftp;

import lobos.LobosException;

/** A TFTP transfer failed: no answer, a refused or oversized file, a misbehaving peer. */
public class TftpException extends LobosException {
    public TftpException(String message, String hint) {
        super(message, hint);
    }

    public TftpException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
