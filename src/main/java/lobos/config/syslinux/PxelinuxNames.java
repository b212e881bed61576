package lobos.config.syslinux;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The names pxelinux tries under {@code pxelinux.cfg/}, in order (pxelinux.txt): the client
 * UUID in lower case, the ARP hardware type and MAC address in lower-case hex with dashes
 * ({@code 01-88-99-aa-bb-cc-dd}), the IPv4 address in upper-case hex ({@code C000025B}) and
 * each shorter prefix of it down to one digit, then {@code default}.
 */
public final class PxelinuxNames {
    /** ARP hardware type of Ethernet, the {@code 01-} in front of a MAC address. */
    public static final int ETHERNET = 1;

    private PxelinuxNames() {}

    /** The names for an Ethernet client; any argument may be null when the client does not know it. */
    public static List<String> configNames(UUID uuid, byte[] mac, Inet4Address address) {
        return configNames(uuid, ETHERNET, mac, address);
    }

    public static List<String> configNames(UUID uuid, int arpType, byte[] mac, Inet4Address address) {
        List<String> names = new ArrayList<>();
        if (uuid != null) names.add(uuid.toString().toLowerCase(Locale.ROOT));
        if (mac != null && mac.length > 0) {
            if (arpType < 0 || arpType > 0xff) throw new IllegalArgumentException("ARP type out of range: " + arpType);
            names.add(HexFormat.ofDelimiter("-").formatHex(concat((byte) arpType, mac)));
        }
        if (address != null) {
            String hex = HexFormat.of().withUpperCase().formatHex(address.getAddress());
            for (int n = hex.length(); n > 0; n--) names.add(hex.substring(0, n));
        }
        names.add("default");
        return names;
    }

    private static byte[] concat(byte first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
