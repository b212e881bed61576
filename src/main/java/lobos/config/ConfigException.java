package lobos.config;

import lobos.LobosException;

/** A config file could not be read at all (missing, unreadable, not text, include loop...). */
public class ConfigException extends LobosException {
    public ConfigException(String message, String hint) {
        super(message, hint);
    }

    public ConfigException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
