package lobos.net.dhcp;

/** DHCP message types (option 53, RFC 2132 9.6), with their codes. */
public enum MessageType {
    DISCOVER(1), OFFER(2), REQUEST(3), DECLINE(4), ACK(5), NAK(6), RELEASE(7), INFORM(8);

    public final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The type with this code, or null for a code RFC 2132 does not define. */
    public static MessageType of(int code) {
        for (MessageType t : values()) {
            if (t.code == code) return t;
        }
        return null;
    }
}
