package lobos.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Asks a running download or kernel load to stop (Ctrl-C in the shell or menu). The work checks
 * {@link #cancelled()} or registers what stops it (closing a socket) with {@link #onCancel}; the
 * thread doing it is interrupted as well.
 */
public final class Cancel {
    private final List<Runnable> hooks = new ArrayList<>();
    private boolean cancelled;

    /** Runs {@code hook} when cancelled (at once if already). */
    public void onCancel(Runnable hook) {
        synchronized (this) {
            if (!cancelled) {
                hooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    public void cancel() {
        List<Runnable> run;
        synchronized (this) {
            if (cancelled) return;
            cancelled = true;
            run = List.copyOf(hooks);
            hooks.clear();
        }
        run.forEach(Runnable::run);
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }
}
