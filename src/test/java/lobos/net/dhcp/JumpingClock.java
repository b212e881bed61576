package lobos.net.dhcp;

import java.time.Duration;
import java.util.Deque;

/** A clock for scripted networks: waiting for nothing moves it to the deadline at once, so no test waits. */
public class JumpingClock implements DhcpClient.Clock {
    protected long now;

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public void sleep(Duration d) {
        now += d.toNanos();
    }

    /** The next queued datagram (a millisecond on the wire), or null after jumping past {@code timeout}. */
    protected byte[] next(Deque<byte[]> queue, Duration timeout) {
        if (queue.isEmpty()) {
            now += timeout.toNanos();
            return null;
        }
        now += 1_000_000;
        return queue.poll();
    }
}
