package lobos.fetch;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an action once nothing has happened for a while: closes a response stream whose server
 * stopped sending, so a blocked read ends instead of hanging a boot forever.
 */
final class IdleTimer implements AutoCloseable {
    private final long timeoutNanos;
    private final Runnable onIdle;
    private final Thread watcher;
    private volatile long lastNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile boolean fired;

    IdleTimer(Duration timeout, Runnable onIdle) {
        this.timeoutNanos = timeout.toNanos();
        this.onIdle = onIdle;
        this.watcher = Thread.ofVirtual().name("lobos-idle-timer").start(this::watch);
    }

    private void watch() {
        while (!closed) {
            long left = lastNanos + timeoutNanos - System.nanoTime();
            if (left <= 0) {
                fired = true;
                onIdle.run();
                return;
            }
            LockSupport.parkNanos(this, left);
        }
    }

    /** Something happened: the wait starts again. */
    void touch() {
        lastNanos = System.nanoTime();
    }

    /** Whether the action ran. */
    boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(watcher);
    }
}
