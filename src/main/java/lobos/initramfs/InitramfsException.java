package lobos.initramfs;

import lobos.LobosException;

/** An initramfs could not be built or read: a path conflict, a host file that cannot be read, bad archive data. */
public class InitramfsException extends LobosException {
    public InitramfsException(String message, String hint) {
        super(message, hint);
    }

    public InitramfsException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
