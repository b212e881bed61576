package lobos.net;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a node's loader tells the lobos manager when it asks what to boot (docs/netboot.md):
 * sent as the query of an HTTP GET to the manager URL, so any web server, a CGI script or a
 * directory of static files can answer. The manager (lobos.server) reads it back with
 * {@link #fromQuery}.
 *
 * @param mac      the interface that got the lease, aa:bb:cc:dd:ee:ff (lower case)
 * @param uuid     the SMBIOS system UUID (lower case, as /sys/class/dmi/id/product_uuid), or null
 * @param arch     the loader's architecture: x86_64 or arm64
 * @param version  the lobos version
 * @param ip       the address the node got
 * @param hostname the host name DHCP gave, or null
 * @param link     the interface name (eth0)
 */
public record ManagerRequest(String mac, String uuid, String arch, String version, String ip, String hostname,
        String link) {
    /** Fields in the order they appear in the query. */
    private static final String[] KEYS = {"mac", "uuid", "arch", "version", "ip", "hostname", "link"};

    /** {@code mac=...&uuid=...}: absent fields are left out. */
    public String query() {
        String[] values = {mac, uuid, arch, version, ip, hostname, link};
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < KEYS.length; i++) {
            if (values[i] == null) continue;
            if (!s.isEmpty()) s.append('&');
            s.append(KEYS[i]).append('=').append(URLEncoder.encode(values[i], StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    /** The request URI: the manager URL with this query added (after any query the URL has). */
    public URI uri(String managerUrl) {
        String base = managerUrl.strip();
        return URI.create(base + (base.contains("?") ? "&" : "?") + query());
    }

    /** Reads a query back; unknown keys are ignored (later loaders may send more). */
    public static ManagerRequest fromQuery(String query) {
        Map<String, String> v = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) continue;
                v.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new ManagerRequest(v.get("mac"), v.get("uuid"), v.get("arch"), v.get("version"), v.get("ip"),
                v.get("hostname"), v.get("link"));
    }
}
