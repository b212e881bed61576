package lobos.server.store;

import lobos.LobosException;

/** The state database failed: which database, what it said. */
public final class StoreException extends LobosException {
    public StoreException(String what, Throwable cause) {
        super(what + ": " + cause.getMessage(), "check the database (server: database: in the node file)", cause);
    }
}
