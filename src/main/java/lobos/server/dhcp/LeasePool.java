package lobos.server.dhcp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * The addresses the server has handed out, in memory, with every bound, released or declined
 * lease written through {@link Persistence} before the client hears of it (an ACK is never for
 * an address the store does not have). Offers are held in memory only, for {@link #OFFER_HOLD_MS}.
 * A client keeps its address across leases and restarts when it can; new clients get
 * addresses that were never leased first, then the one whose lease ended longest ago.
 */
public final class LeasePool {
    /** How long an offered address stays set aside for the client it was offered to. */
    public static final long OFFER_HOLD_MS = 60_000;
    /** How long an address a client declined (someone else uses it) is not handed out. */
    public static final long DECLINE_HOLD_MS = 600_000;

    /** Where leases are kept across restarts. */
    public interface Persistence {
        void save(Lease lease);
    }

    private final Map<Integer, Lease> byAddress = new HashMap<>();
    private final Map<String, Lease> byOwner = new HashMap<>();
    /** Per range (by its first address): where the search for a never-leased address goes on. */
    private final Map<Integer, Integer> cursors = new HashMap<>();
    private final Persistence persistence;
    private final LongSupplier clock;

    public LeasePool(Collection<Lease> restored, Persistence persistence, LongSupplier clock) {
        this.persistence = persistence;
        this.clock = clock;
        for (Lease l : restored) index(l);
    }

    private void index(Lease l) {
        Lease old = byAddress.put(l.address(), l);
        if (old != null && !old.owner().equals(l.owner()) && byOwner.get(old.owner()) == old) byOwner.remove(old.owner());
        byOwner.put(l.owner(), l);
    }

    /** The lease this client holds or held last, if any. */
    public synchronized Optional<Lease> ofOwner(String owner) {
        return Optional.ofNullable(byOwner.get(owner));
    }

    public synchronized Optional<Lease> at(int address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /** Every lease, for listings. */
    public synchronized List<Lease> all() {
        return new ArrayList<>(byAddress.values());
    }

    /** Whether {@code owner} may have {@code address} now: nobody else holds it, and no other MAC reserved it. */
    public synchronized boolean availableTo(int address, String owner, String mac, IntFunction<String> reservedFor) {
        String reservedMac = reservedFor.apply(address);
        if (reservedMac != null) return reservedMac.equals(mac); // the node file's reservation beats any lease

        Lease l = byAddress.get(address);
        if (l == null) return true;
        long now = clock.getAsLong();
        if (l.state() == Lease.State.DECLINED && l.ends() > now) return false;
        return l.owner().equals(owner) || !l.activeAt(now);
    }

    /**
     * The address to offer: the client's reservation, else its last address, else the one it
     * asks for, else a never-leased address, else the longest-expired one; -1 when the subnet's
     * ranges are full.
     *
     * @param reserved    the client's reserved address, or 0
     * @param requested   option 50, or 0
     * @param reservedFor the MAC an address is reserved for, or null
     */
    public synchronized int choose(Subnet subnet, String owner, String mac, int reserved, int requested,
            IntFunction<String> reservedFor) {
        if (reserved != 0 && subnet.contains(reserved)) return reserved; // a reservation wins over any dynamic lease
        Lease last = byOwner.get(owner);
        if (last != null && subnet.inRange(last.address()) && availableTo(last.address(), owner, mac, reservedFor)) {
            return last.address();
        }
        if (requested != 0 && subnet.inRange(requested) && availableTo(requested, owner, mac, reservedFor)) return requested;
        for (Subnet.Range r : subnet.ranges()) {
            int found = neverLeased(subnet, r, reservedFor);
            if (found != 0) return found;
        }
        long now = clock.getAsLong();
        Lease oldest = null;
        for (Lease l : byAddress.values()) {
            if (!subnet.inRange(l.address()) || l.activeAt(now) || reservedFor.apply(l.address()) != null) continue;
            if (l.state() == Lease.State.DECLINED && l.ends() > now) continue;
            if (oldest == null || l.ends() < oldest.ends()) oldest = l;
        }
        return oldest == null ? -1 : oldest.address();
    }

    private int neverLeased(Subnet subnet, Subnet.Range r, IntFunction<String> reservedFor) {
        long size = r.size();
        int start = cursors.getOrDefault(r.first(), r.first());
        for (long i = 0; i < size; i++) {
            int a = (int) (Integer.toUnsignedLong(r.first()) + (Integer.toUnsignedLong(start) - Integer.toUnsignedLong(r.first()) + i) % size);
            if (a == subnet.network() || a == subnet.broadcast()) continue;
            if (!byAddress.containsKey(a) && reservedFor.apply(a) == null) {
                cursors.put(r.first(), a == r.last() ? r.first() : a + 1);
                return a;
            }
        }
        return 0;
    }

    /** Sets {@code address} aside for the client for {@link #OFFER_HOLD_MS} (its bound lease, if it has one there, stays). */
    public synchronized void offer(int address, String mac, String clientId, String hostname) {
        long now = clock.getAsLong();
        Lease current = byAddress.get(address);
        Lease offered = new Lease(address, mac, clientId, hostname, now, now + OFFER_HOLD_MS, Lease.State.OFFERED);
        if (current != null && current.owner().equals(offered.owner()) && current.activeAt(now)) return;
        byAddress.put(address, offered);
        Lease previous = byOwner.get(offered.owner());
        if (previous != null && previous.address() != address && previous.state() == Lease.State.OFFERED) {
            byAddress.remove(previous.address());
        }
        // a bound lease elsewhere stays the owner's record until the new address is bound
        if (previous == null || previous.state() == Lease.State.OFFERED) byOwner.put(offered.owner(), offered);
    }

    /** The client took another server's offer: forget ours. */
    public synchronized void withdraw(String owner) {
        Lease l = byOwner.get(owner);
        if (l != null && l.state() == Lease.State.OFFERED) {
            byOwner.remove(owner);
            if (byAddress.get(l.address()) == l) byAddress.remove(l.address());
        }
        for (var it = byAddress.values().iterator(); it.hasNext(); ) {
            Lease o = it.next();
            if (o.state() == Lease.State.OFFERED && o.owner().equals(owner)) it.remove();
        }
    }

    /**
     * Binds {@code address} to the client for {@code seconds} (0: forever), stores the lease and
     * returns it. An earlier lease of the client on another address is released.
     */
    public synchronized Lease bind(int address, String mac, String clientId, String hostname, long seconds) {
        long now = clock.getAsLong();
        Lease lease = new Lease(address, mac, clientId, hostname, now, seconds == 0 ? Long.MAX_VALUE : now + seconds * 1000,
                Lease.State.BOUND);
        Lease previous = byOwner.get(lease.owner());
        if (previous != null && previous.address() != address && byAddress.get(previous.address()) == previous) {
            if (previous.state() == Lease.State.OFFERED) {
                byAddress.remove(previous.address());
            } else if (previous.state() == Lease.State.BOUND) {
                Lease released = previous.with(Lease.State.RELEASED, now);
                persistence.save(released);
                byAddress.put(released.address(), released);
            }
        }
        persistence.save(lease);
        index(lease);
        return lease;
    }

    /** The client gave the address back (DHCPRELEASE); false if it was not its. */
    public synchronized boolean release(int address, String owner) {
        Lease l = byAddress.get(address);
        if (l == null || !l.owner().equals(owner) || l.state() != Lease.State.BOUND) return false;
        Lease released = l.with(Lease.State.RELEASED, clock.getAsLong());
        persistence.save(released);
        index(released);
        return true;
    }

    /** The client found the address in use (DHCPDECLINE): nobody gets it for a while. */
    public synchronized boolean decline(int address, String owner) {
        Lease l = byAddress.get(address);
        if (l == null || !l.owner().equals(owner)) return false;
        Lease declined = new Lease(address, l.mac(), l.clientId(), null, clock.getAsLong(), clock.getAsLong() + DECLINE_HOLD_MS,
                Lease.State.DECLINED);
        persistence.save(declined);
        byAddress.put(address, declined);
        if (byOwner.get(owner) == l) byOwner.remove(owner);
        return true;
    }
}
