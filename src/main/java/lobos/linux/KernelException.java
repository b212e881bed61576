package lobos.linux;

import lobos.LobosException;

/** A system call failed: which call, on what, the errno by name, and what the user can do. */
public final class KernelException extends LobosException {
    private final String call;
    private final int errno;

    public KernelException(String call, String target, int errno, String hint) {
        super(call + (target == null || target.isEmpty() ? "" : " " + target) + " failed: " + Errno.describe(errno),
                hint);
        this.call = call;
        this.errno = errno;
    }

    /** The system call, e.g. "kexec_file_load". */
    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    /** The errno as an enum, or null if lobos does not know the number. */
    public Errno errnoName() {
        return Errno.of(errno);
    }
}
