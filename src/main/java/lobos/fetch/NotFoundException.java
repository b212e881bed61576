package lobos.fetch;

/** The server answered, and has no such file (HTTP 404, FTP 550, TFTP error 1, SFTP no such file). */
public final class NotFoundException extends FetchException {
    public NotFoundException(String message, String hint) {
        super(message, hint, false);
    }
}
