package lobos.server.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeasePoolTest {
    private final List<Lease> saved = new ArrayList<>();
    private long now = 1_000_000;
    private final Subnet subnet = new Subnet(Ipv4.parse("192.0.2.0"), 24,
            List.of(new Subnet.Range(Ipv4.parse("192.0.2.10"), Ipv4.parse("192.0.2.12"))), List.of(), List.of(), null, 0, List.of(), 600);
    private final Map<Integer, String> reservations = Map.of(Ipv4.parse("192.0.2.11"), "52:54:00:00:00:99");
    private LeasePool pool = new LeasePool(List.of(), saved::add, () -> now);

    private int choose(String mac, int requested) {
        return pool.choose(subnet, "mac:" + mac, mac, 0, requested, reservations::get);
    }

    private int take(String mac) {
        int a = choose(mac, 0);
        pool.offer(a, mac, null, null);
        pool.bind(a, mac, null, null, 600);
        return a;
    }

    @Test
    void newClientsGetNeverLeasedAddressesAroundTheReservation() {
        assertThat(Ipv4.text(take("52:54:00:00:00:01"))).isEqualTo("192.0.2.10");
        assertThat(Ipv4.text(take("52:54:00:00:00:02"))).isEqualTo("192.0.2.12"); // .11 is reserved for another MAC
        assertThat(choose("52:54:00:00:00:03", 0)).isEqualTo(-1); // full
        assertThat(saved).extracting(l -> Ipv4.text(l.address()) + " " + l.state()).containsExactly("192.0.2.10 BOUND", "192.0.2.12 BOUND");
    }

    @Test
    void aClientKeepsItsAddressAcrossRestartsAndTheReservationWins() {
        int a = take("52:54:00:00:00:01");
        pool = new LeasePool(saved, l -> {}, () -> now); // the server restarted
        assertThat(choose("52:54:00:00:00:01", Ipv4.parse("192.0.2.12"))).isEqualTo(a);
        assertThat(pool.availableTo(a, "mac:52:54:00:00:00:02", "52:54:00:00:00:02", reservations::get)).isFalse();
        assertThat(Ipv4.text(pool.choose(subnet, "mac:52:54:00:00:00:99", "52:54:00:00:00:99", Ipv4.parse("192.0.2.11"), 0,
                reservations::get))).isEqualTo("192.0.2.11");
    }

    @Test
    void aRequestedFreeAddressIsGiven() {
        assertThat(Ipv4.text(choose("52:54:00:00:00:01", Ipv4.parse("192.0.2.12")))).isEqualTo("192.0.2.12");
        assertThat(Ipv4.text(choose("52:54:00:00:00:01", Ipv4.parse("192.0.2.11")))).isEqualTo("192.0.2.10"); // reserved for another
    }

    @Test
    void anOfferHoldsTheAddressForAMinuteOnly() {
        int a = choose("52:54:00:00:00:01", 0);
        pool.offer(a, "52:54:00:00:00:01", null, null);
        assertThat(choose("52:54:00:00:00:02", 0)).isNotEqualTo(a);
        assertThat(saved).isEmpty(); // offers are not stored
        now += LeasePool.OFFER_HOLD_MS + 1;
        assertThat(pool.availableTo(a, "mac:52:54:00:00:00:02", "52:54:00:00:00:02", reservations::get)).isTrue();
    }

    @Test
    void whenFullTheLeaseThatEndedLongestAgoIsReused() {
        take("52:54:00:00:00:01");
        now += 10_000;
        take("52:54:00:00:00:02");
        assertThat(choose("52:54:00:00:00:03", 0)).isEqualTo(-1);
        now += 601_000; // both expired; .10 ended first
        assertThat(Ipv4.text(choose("52:54:00:00:00:03", 0))).isEqualTo("192.0.2.10");
    }

    @Test
    void releasedAndDeclinedAddresses() {
        int a = take("52:54:00:00:00:01");
        assertThat(pool.release(a, "mac:52:54:00:00:00:02")).isFalse();
        assertThat(pool.release(a, "mac:52:54:00:00:00:01")).isTrue();
        assertThat(saved.getLast().state()).isEqualTo(Lease.State.RELEASED);
        int b = take("52:54:00:00:00:02");
        assertThat(pool.decline(b, "mac:52:54:00:00:00:02")).isTrue();
        assertThat(pool.availableTo(b, "mac:52:54:00:00:00:02", "52:54:00:00:00:02", reservations::get)).isFalse();
        now += LeasePool.DECLINE_HOLD_MS + 1;
        assertThat(pool.availableTo(b, "mac:52:54:00:00:00:03", "52:54:00:00:00:03", reservations::get)).isTrue();
    }

    @Test
    void bindingAnotherAddressReleasesTheOldOne() {
        int a = take("52:54:00:00:00:01");
        pool.bind(Ipv4.parse("192.0.2.12"), "52:54:00:00:00:01", null, null, 600);
        assertThat(pool.at(a).orElseThrow().state()).isEqualTo(Lease.State.RELEASED);
        assertThat(pool.ofOwner("mac:52:54:00:00:00:01").orElseThrow().address()).isEqualTo(Ipv4.parse("192.0.2.12"));
    }
}
