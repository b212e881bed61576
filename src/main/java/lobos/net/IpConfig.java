package lobos.net;

import java.util.ArrayList;
import java.util.List;
import lobos.LobosException;

/**
 * How the loader configures its network, in the syntax of the kernel's own {@code ip=}
 * parameter (Documentation/admin-guide/nfs/nfsroot.rst), which people already write for
 * NFS roots and which pxelinux's IPAPPEND produces:
 * {@code ip=<client>:<server>:<gateway>:<netmask>:<hostname>:<device>:<autoconf>:<dns0>:<dns1>},
 * or just {@code ip=dhcp} (also {@code on}, {@code any}, {@code both}, {@code bootp}).
 * {@code ip=off}/{@code none} and no {@code ip=} leave the network alone.
 *
 * @param dhcp     ask a DHCP server (on {@code device}, or the first interface that is not loopback)
 * @param address  the static IPv4 address, or null
 * @param prefix   the netmask as a prefix length (24 for 255.255.255.0); 0 if none given
 * @param gateway  the default route, or null
 * @param hostname or null
 * @param device   the interface (eth0), or null for the first one
 * @param dns      name servers, in order
 */
public record IpConfig(boolean dhcp, String address, int prefix, String gateway, String hostname, String device,
        List<String> dns) {
    public IpConfig {
        dns = List.copyOf(dns);
    }

    /** The {@code ip=} value from a kernel command line, or null if it has none (or says off). */
    public static IpConfig fromCmdline(String cmdline) {
        String value = null;
        for (String word : cmdline.strip().split("\\s+")) {
            if (word.startsWith("ip=")) value = word.substring(3); // the last one counts, as in the kernel
        }
        return value == null ? null : parse(value);
    }

    /** Parses an {@code ip=} value; null means no configuration. */
    public static IpConfig parse(String value) {
        String v = value.strip();
        switch (v) {
            case "off", "none", "" -> {
                return null;
            }
            case "dhcp", "on", "any", "both", "bootp", "dhcp6", "rarp" -> {
                return new IpConfig(true, null, 0, null, null, null, List.of());
            }
            default -> { }
        }
        String[] f = v.split(":", -1);
        if (f.length > 9) throw bad(value, "it has more than 9 fields");
        String address = field(f, 0);
        String gateway = field(f, 2);
        String mask = field(f, 3);
        String autoconf = field(f, 6);
        if (address != null) requireIpv4(address, "client address", value);
        if (gateway != null) requireIpv4(gateway, "gateway", value);
        int prefix = mask == null ? 0 : prefix(mask, value);
        List<String> dns = new ArrayList<>();
        for (int i = 7; i <= 8; i++) {
            String d = field(f, i);
            if (d != null) {
                requireIpv4(d, "DNS server", value);
                dns.add(d);
            }
        }
        boolean dhcp = address == null || (autoconf != null && !List.of("off", "none").contains(autoconf));
        return new IpConfig(dhcp, dhcp ? null : address, prefix, gateway, field(f, 4), field(f, 5), dns);
    }

    private static String field(String[] f, int i) {
        return i < f.length && !f[i].isBlank() ? f[i].strip() : null;
    }

    /** The prefix length of a dotted netmask (255.255.255.0 -> 24), or of "/24"-style text. */
    static int prefix(String mask, String value) {
        if (mask.matches("\\d{1,2}")) {
            int p = Integer.parseInt(mask);
            if (p <= 32) return p;
        }
        requireIpv4(mask, "netmask", value);
        long bits = 0;
        for (String part : mask.split("\\.")) bits = bits << 8 | Integer.parseInt(part);
        int p = Long.bitCount(bits);
        if (bits != ((0xffffffffL << (32 - p)) & 0xffffffffL)) throw bad(value, "netmask " + mask + " is not contiguous");
        return p;
    }

    private static void requireIpv4(String s, String what, String value) {
        String[] parts = s.split("\\.", -1);
        boolean ok = parts.length == 4;
        for (String p : parts) ok &= p.matches("\\d{1,3}") && Integer.parseInt(p) <= 255;
        if (!ok) throw bad(value, what + " \"" + s + "\" is not an IPv4 address");
    }

    private static LobosException bad(String value, String why) {
        return new LobosException("ip=" + value + ": " + why,
                "write ip=dhcp, or ip=<address>::<gateway>:<netmask>::<device>:off (the kernel's nfsroot syntax)");
    }
}
