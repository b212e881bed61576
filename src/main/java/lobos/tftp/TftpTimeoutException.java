package lobos.tftp;

/** The peer stopped answering; the transfer may succeed if tried again later. */
public final class TftpTimeoutException extends TftpException {
    public TftpTimeoutException(String message, String hint) {
        super(message, hint);
    }
}
