package lobos.shell;

import lobos.LobosException;
import lobos.config.kboot.KbootConf;

/**
 * kboot's {@code restricted=true} for one session (console or SSH): only the labels of the
 * configs may be booted, with no shell, no editing and no typed command, until the user gives
 * the password whose SHA-crypt hash kboot.conf's {@code password=} holds. Unlocking lasts for
 * the session.
 */
public final class Access {
    private final boolean restricted;
    private final String hash;
    private volatile boolean unlocked;

    public Access(boolean restricted, String hash) {
        this.restricted = restricted;
        this.hash = hash == null || hash.isBlank() ? null : hash.strip();
    }

    public static Access of(KbootConf conf) {
        return new Access(conf.restricted(), conf.password());
    }

    /** Whether this session may do only what restricted mode allows. */
    public boolean locked() {
        return restricted && !unlocked;
    }

    /** Whether a password can unlock this session (kboot.conf has a {@code password=}). */
    public boolean unlockable() {
        return hash != null;
    }

    /** The one line that says why {@code what} ("the shell", "editing") is refused. */
    public String refusal(String what) {
        return "lobos: restricted: " + what + " is not allowed"
                + (unlockable() ? " without the password" : " (kboot.conf sets no password=)");
    }

    /**
     * Unlocks the session if {@code password} matches.
     *
     * @throws LobosException if kboot.conf's hash cannot be read (it says why)
     */
    public boolean unlock(String password) {
        if (!locked()) return true;
        if (hash == null || password == null) return false;
        boolean ok = ShaCrypt.matches(password, hash);
        if (ok) unlocked = true;
        return ok;
    }
}
