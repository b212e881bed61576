package lobos.tftp;

import java.io.ByteArrayOutputStream;

/**
 * RFC 1350's netascii (RFC 764): lines end in CR LF, and a bare CR is sent as CR NUL. The
 * server converts while it sends ({@link BlockSource.NetasciiText}); {@link #encode} does a
 * whole array at once.
 */
final class Netascii {
    private Netascii() {}

    /** What follows the CR that replaces {@code b}: LF for a LF, NUL for a CR; -1 if {@code b} stays as it is. */
    static int secondByte(byte b) {
        return switch (b) {
            case '\n' -> '\n';
            case '\r' -> 0;
            default -> -1;
        };
    }

    static byte[] encode(byte[] text) {
        var out = new ByteArrayOutputStream(text.length + text.length / 16);
        for (byte b : text) {
            int second = secondByte(b);
            if (second < 0) {
                out.write(b);
            } else {
                out.write('\r');
                out.write(second);
            }
        }
        return out.toByteArray();
    }
}
