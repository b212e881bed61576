package lobos.net.dhcp;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** DHCP datagrams written byte by byte, as a server would send them, for decoding tests. */
final class Packets {
    private final byte[] header = new byte[236];
    private final ByteArrayOutputStream options = new ByteArrayOutputStream();

    /** A BOOTREPLY header: xid 0x01020304, chaddr 52:54:00:12:34:56, yiaddr 192.0.2.50, siaddr 192.0.2.1. */
    static Packets reply() {
        Packets p = new Packets();
        p.header[0] = 2;
        p.header[1] = 1;
        p.header[2] = 6;
        p.header[4] = 1;
        p.header[5] = 2;
        p.header[6] = 3;
        p.header[7] = 4;
        p.header[10] = (byte) 0x80; // broadcast flag
        p.at(16, 192, 0, 2, 50);
        p.at(20, 192, 0, 2, 1);
        p.at(28, 0x52, 0x54, 0, 0x12, 0x34, 0x56);
        return p;
    }

    Packets at(int offset, int... bytes) {
        for (int i = 0; i < bytes.length; i++) header[offset + i] = (byte) bytes[i];
        return this;
    }

    Packets text(int offset, String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
        return this;
    }

    /** Appends raw option bytes (code, length, value...) to the options field. */
    Packets option(int... bytes) {
        for (int b : bytes) options.write(b);
        return this;
    }

    Packets hex(String hex) {
        options.writeBytes(HexFormat.of().parseHex(hex));
        return this;
    }

    /** Header, magic cookie, the options as given (no END added). */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(new byte[] {99, (byte) 130, 83, 99});
        out.writeBytes(options.toByteArray());
        return out.toByteArray();
    }

    /** Without the magic cookie: a plain BOOTP message with a 64-byte vendor field. */
    byte[] bootpWithoutCookie() {
        byte[] out = new byte[300];
        System.arraycopy(header, 0, out, 0, 236);
        return out;
    }
}
