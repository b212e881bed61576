package lobos.net.dhcp;

import lobos.LobosException;

/**
 * A DHCP or BOOTP datagram that is not well formed: which field, at which byte offset, and
 * why. The client drops such a packet and keeps waiting; a server logs it and answers nothing.
 */
public final class DhcpFormatException extends LobosException {
    private final String field;
    private final int offset;

    public DhcpFormatException(String field, int offset, String why) {
        super("malformed DHCP packet: " + field + " at byte " + offset + ": " + why,
                "the sender is broken or the packet was damaged; it is ignored");
        this.field = field;
        this.offset = offset;
    }

    /** The field that is wrong: "op", "hlen", "option 51 (lease time)", "options", ... */
    public String field() {
        return field;
    }

    public int offset() {
        return offset;
    }
}
