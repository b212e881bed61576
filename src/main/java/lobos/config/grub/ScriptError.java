package lobos.config.grub;

import lobos.config.ConfigException;

/**
 * A GRUB command failed while lobos interpreted a config: bad arguments, a file that cannot be
 * read, an unknown command. The interpreter turns it into a warning (file and line) and goes on,
 * as GRUB prints the error and goes on; it never leaves {@link GrubFormat#read}.
 *
 * <p>{@code costsEntry} marks errors that make a menu entry unusable for lobos (an unknown
 * command, a loader lobos cannot run): the entry is dropped rather than booted half-prepared.
 */
final class ScriptError extends ConfigException {
    final boolean costsEntry;

    ScriptError(String message) {
        this(message, false);
    }

    ScriptError(String message, boolean costsEntry) {
        super(message, null);
        this.costsEntry = costsEntry;
    }

    /** A command's error is reported by file and line, never by a Java stack: do not pay for one. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
