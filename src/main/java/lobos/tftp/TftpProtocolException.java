package lobos.tftp;

/** A datagram is not a well-formed TFTP packet; the message names the field and its byte offset. */
public final class TftpProtocolException extends TftpException {
    private final String field;
    private final int offset;

    public TftpProtocolException(String field, int offset, String problem) {
        super("malformed TFTP packet: " + field + " at byte " + offset + ": " + problem,
                "the peer is not speaking TFTP (RFC 1350/2347) correctly, or something else is sending to this port");
        this.field = field;
        this.offset = offset;
    }

    public String field() {
        return field;
    }

    public int offset() {
        return offset;
    }
}
