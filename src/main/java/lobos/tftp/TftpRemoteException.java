package lobos.tftp;

/** The peer ended the transfer with an ERROR packet (file not found, access violation, ...). */
public final class TftpRemoteException extends TftpException {
    private final int code;

    public TftpRemoteException(String message, String hint, int code) {
        super(message, hint);
        this.code = code;
    }

    /** The TFTP error code the peer sent (see {@link TftpPacket.ErrorPacket}). */
    public int code() {
        return code;
    }
}
