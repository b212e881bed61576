package lobos.server.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 addresses as unsigned 32-bit values held in an int, which the lease pool counts and compares. */
public final class Ipv4 {
    private Ipv4() {}

    public static int of(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    public static Inet4Address address(int v) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /** A dotted quad, or throws IllegalArgumentException naming the text. */
    public static int parse(String text) {
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address (a.b.c.d)");
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address (a.b.c.d)");
            }
            int n = Integer.parseInt(p);
            if (n > 255) throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address: " + n + " is over 255");
            v = v << 8 | n;
        }
        return v;
    }

    public static String text(int v) {
        return (v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }

    /** The netmask of a prefix length, as a value. */
    public static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** Unsigned comparison (192.x is above 10.x although its int is negative). */
    public static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }
}
