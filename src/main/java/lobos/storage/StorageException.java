package lobos.storage;

import lobos.LobosException;

/** A device, image or table could not be read or makes no sense; the message names it and the offset. */
public class StorageException extends LobosException {
    public StorageException(String message, String hint) {
        super(message, hint);
    }

    public StorageException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
