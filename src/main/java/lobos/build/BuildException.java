package lobos.build;

import lobos.LobosException;

/** The boot image could not be built: a missing input, a failed tool, a bad config value. */
public class BuildException extends LobosException {
    public BuildException(String message, String hint) {
        super(message, hint);
    }

    public BuildException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
