package lobos.tftp;

import java.io.ByteArrayOutputStream;

/** RFC 1350's netascii (RFC 764): lines end in CR LF, and a bare CR is sent as CR NUL. */
final class Netascii {
    private Netascii() {}

    static byte[] encode(byte[] text) {
        var out = new ByteArrayOutputStream(text.length + text.length / 16);
        for (byte b : text) {
            switch (b) {
                case '\n' -> out.write('\r');
                case '\r' -> {
                    out.write('\r');
                    b = 0;
                }
                default -> {}
            }
            out.write(b);
        }
        return out.toByteArray();
    }
}
