package lobos.path;

import java.net.Inet6Address;
import java.util.regex.Pattern;

/** Host names and IP address literals as URLs and NFS paths write them. Pure: no DNS. */
final class Hosts {
    private Hosts() {}

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    /** A DNS name (letters, digits, '-', '_' in dot-separated labels), an IPv4 or an IPv6 address. */
    static boolean valid(String host) {
        if (host == null || host.isEmpty() || host.length() > 253) return false;
        if (host.indexOf(':') >= 0) return ipv6(host);
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) return false;
        }
        return true;
    }

    /** Whether the name can only be a host, never a device: it has a dot (a domain or IPv4) or a colon. */
    static boolean onlyHost(String host) {
        return host.indexOf('.') >= 0 || host.indexOf(':') >= 0;
    }

    static boolean ipv4(String host) {
        return IPV4.matcher(host).matches();
    }

    /** An IPv6 literal without brackets; zone ids ({@code %eth0}) are not accepted. */
    static boolean ipv6(String host) {
        if (host.length() > 45 || !host.matches("[0-9A-Fa-f:.]+")) return false;
        try {
            Inet6Address.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The host as a URL or NFS path writes it: IPv6 in brackets. */
    static String bracketed(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
