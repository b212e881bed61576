package lobos.net.dhcp;

import java.time.Duration;

/**
 * Keeps a lease while the loader waits (at the menu, during a download): on a virtual thread it
 * sleeps until T1, renews with the server that gave the lease (RENEWING), from T2 asks any
 * server (REBINDING), and reports a lease it could not keep once it expires or a server NAKs.
 * BOOTP and infinite leases need nothing.
 */
public final class LeaseKeeper implements AutoCloseable {
    /** What happens to the lease. Called on the keeper's thread. */
    public interface Listener {
        void renewed(DhcpLease lease);

        void lost(DhcpLease lease, String why);
    }

    private final DhcpClient client;
    private final DhcpClient.Clock clock;
    private final Listener listener;
    private volatile DhcpLease lease;
    private Thread thread;

    public LeaseKeeper(DhcpClient client, DhcpLease lease, DhcpClient.Clock clock, Listener listener) {
        this.client = client;
        this.lease = lease;
        this.clock = clock;
        this.listener = listener;
    }

    /** Starts keeping the lease on a virtual thread; returns this. */
    public LeaseKeeper start() {
        if (lease.leaseSeconds() > 0) {
            thread = Thread.ofVirtual().name("dhcp-lease-" + lease.link()).start(this::keep);
        }
        return this;
    }

    public DhcpLease lease() {
        return lease;
    }

    /** Runs until the lease is lost or the keeper is closed. Package-visible for tests, which call it directly. */
    void keep() {
        try {
            while (true) {
                DhcpLease current = lease;
                long bound = clock.nanos();
                clock.sleep(Duration.ofSeconds(current.renewSeconds()));
                DhcpLease next = client.extend(current, false,
                        Duration.ofSeconds(Math.max(1, current.rebindSeconds() - current.renewSeconds())));
                if (next == null) {
                    long left = current.leaseSeconds() * 1_000_000_000L - (clock.nanos() - bound);
                    next = left > 0 ? client.extend(current, true, Duration.ofNanos(left)) : null;
                }
                if (next == null) {
                    listener.lost(current, "no server renewed the lease of " + current.address().getHostAddress()
                            + " on " + current.link() + " before it expired");
                    return;
                }
                lease = next;
                listener.renewed(next);
            }
        } catch (DhcpClient.DhcpNakException e) {
            listener.lost(lease, e.getMessage());
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            listener.lost(lease, "renewing failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (thread != null) thread.interrupt();
    }
}
