package lobos.server.dhcp;

/**
 * An address bound to a client, as the server keeps and stores it.
 *
 * @param address  the address
 * @param mac      the client's hardware address, aa:bb:cc:dd:ee:ff
 * @param clientId option 61 in hex, or null (then the MAC identifies the client)
 * @param hostname the host name the client sent or the node file gave, or null
 * @param starts   when it was bound, epoch milliseconds
 * @param ends     when it expires, epoch milliseconds; {@link Long#MAX_VALUE} for never (BOOTP, infinite)
 * @param state    offered (held briefly, in memory only), bound, released, declined
 */
public record Lease(int address, String mac, String clientId, String hostname, long starts, long ends, State state) {
    public enum State { OFFERED, BOUND, RELEASED, DECLINED }

    /** Who the lease belongs to: the client identifier if the client sent one, else its MAC. */
    public String owner() {
        return clientId != null ? "id:" + clientId : "mac:" + mac;
    }

    public boolean activeAt(long now) {
        return (state == State.BOUND || state == State.OFFERED) && ends > now;
    }

    public Lease with(State newState, long newEnds) {
        return new Lease(address, mac, clientId, hostname, starts, newEnds, newState);
    }
}
