package lobos.net.dhcp;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Readers for option values with an inner structure: domain search lists, classless routes. */
public final class DhcpValues {
    private DhcpValues() {}

    /** A route from option 121: destination/prefix via router. */
    public record ClasslessRoute(Inet4Address destination, int prefix, Inet4Address router) {}

    /** Option 121 (RFC 3442): width, the significant octets of the destination, the router. */
    public static List<ClasslessRoute> classlessRoutes(byte[] v) {
        String field = DhcpOption.describe(DhcpOption.CLASSLESS_ROUTES.code);
        List<ClasslessRoute> out = new ArrayList<>();
        int i = 0;
        while (i < v.length) {
            int width = v[i] & 0xff;
            if (width > 32) throw new DhcpFormatException(field, i, "prefix length " + width + " is over 32");
            int octets = (width + 7) / 8;
            if (i + 1 + octets + 4 > v.length) throw new DhcpFormatException(field, i, "a route runs past the end");
            byte[] dst = new byte[4];
            System.arraycopy(v, i + 1, dst, 0, octets);
            out.add(new ClasslessRoute(DhcpOptions.ipv4(dst, 0), width, DhcpOptions.ipv4(v, i + 1 + octets)));
            i += 1 + octets + 4;
        }
        return out;
    }

    /** Encodes routes as option 121 wants them. */
    public static byte[] classlessRoutes(List<ClasslessRoute> routes) {
        var out = new java.io.ByteArrayOutputStream();
        for (ClasslessRoute r : routes) {
            out.write(r.prefix());
            out.write(r.destination().getAddress(), 0, (r.prefix() + 7) / 8);
            out.writeBytes(r.router().getAddress());
        }
        return out.toByteArray();
    }

    /**
     * Option 119 (RFC 3397): DNS names in wire format, where a name may end in a pointer to an
     * earlier part of the (concatenated) option. Pointers must point backwards, so a loop cannot
     * happen.
     */
    public static List<String> domainSearch(byte[] v) {
        String field = DhcpOption.describe(DhcpOption.DOMAIN_SEARCH.code);
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < v.length) {
            StringBuilder name = new StringBuilder();
            int pos = i;
            int next = -1;
            int limit = pos;
            while (true) {
                if (pos >= v.length) throw new DhcpFormatException(field, pos, "a name runs past the end");
                int len = v[pos] & 0xff;
                if (len == 0) {
                    if (next < 0) next = pos + 1;
                    break;
                }
                if ((len & 0xc0) == 0xc0) {
                    if (pos + 1 >= v.length) throw new DhcpFormatException(field, pos, "a pointer runs past the end");
                    int target = (len & 0x3f) << 8 | (v[pos + 1] & 0xff);
                    if (next < 0) next = pos + 2;
                    if (target >= limit) throw new DhcpFormatException(field, pos, "a pointer does not point backwards");
                    limit = target;
                    pos = target;
                    continue;
                }
                if ((len & 0xc0) != 0) throw new DhcpFormatException(field, pos, "label length byte " + len + " is invalid");
                if (pos + 1 + len > v.length) throw new DhcpFormatException(field, pos, "a label runs past the end");
                if (name.length() > 0) name.append('.');
                name.append(new String(v, pos + 1, len, StandardCharsets.US_ASCII));
                if (name.length() > 255) throw new DhcpFormatException(field, pos, "a name is longer than 255 characters");
                pos += 1 + len;
            }
            if (!name.isEmpty()) out.add(name.toString());
            i = next;
        }
        return out;
    }

    /** Encodes names for option 119, without compression. */
    public static byte[] domainSearch(List<String> names) {
        var out = new java.io.ByteArrayOutputStream();
        for (String n : names) {
            for (String label : n.split("\\.")) {
                byte[] b = label.getBytes(StandardCharsets.US_ASCII);
                if (b.length == 0 || b.length > 63) throw new IllegalArgumentException("bad DNS label in " + n);
                out.write(b.length);
                out.writeBytes(b);
            }
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Option 77 in RFC 3004 form: each class as a length byte and its text. */
    public static byte[] userClass(List<String> classes) {
        var out = new java.io.ByteArrayOutputStream();
        for (String c : classes) {
            byte[] b = c.getBytes(StandardCharsets.US_ASCII);
            out.write(b.length);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /**
     * Option 77's classes: RFC 3004's length-prefixed list when the bytes are one, else the whole
     * value as one class (iPXE sends plain "iPXE").
     */
    public static List<String> userClasses(byte[] v) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < v.length) {
            int len = v[i] & 0xff;
            if (len == 0 || i + 1 + len > v.length) return List.of(new String(v, StandardCharsets.US_ASCII));
            out.add(new String(v, i + 1, len, StandardCharsets.US_ASCII));
            i += 1 + len;
        }
        return out;
    }

    /** Byte order of option 97's GUID: the first three UUID fields little-endian (SMBIOS 2.6), the rest as written. */
    private static final int[] GUID_ORDER = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};

    /**
     * Option 97 (RFC 4578): type 0 and the 16 bytes of the SMBIOS UUID as firmware sends them,
     * the first three fields little-endian (SMBIOS 2.6).
     */
    public static byte[] machineId(java.util.UUID uuid) {
        byte[] b = java.util.HexFormat.of().parseHex(uuid.toString().replace("-", ""));
        byte[] out = new byte[17];
        for (int i = 0; i < 16; i++) out[1 + i] = b[GUID_ORDER[i]];
        return out;
    }

    /** The UUID in option 97 (as /sys/class/dmi/id/product_uuid shows it), or null unless it is type 0 with 16 bytes. */
    public static java.util.UUID machineId(byte[] v) {
        if (v.length != 17 || v[0] != 0) return null;
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) b[GUID_ORDER[i]] = v[1 + i];
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) hi = hi << 8 | (b[i] & 0xff);
        for (int i = 8; i < 16; i++) lo = lo << 8 | (b[i] & 0xff);
        return new java.util.UUID(hi, lo);
    }
}
