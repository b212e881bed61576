package lobos.netboot;

import java.util.List;
import java.util.Optional;
import lobos.config.BootEntry;
import lobos.config.PathContext;
import lobos.config.Source;
import lobos.net.dhcp.DhcpLease;

/**
 * OSKit NetBoot's command form for the shell after DHCP: {@code hostname:path args...} fetches
 * {@code path} from {@code hostname} over TFTP and boots it with {@code args} as its command
 * line; {@code :path} or a bare {@code path} use the lease's boot server.
 */
public final class HostPath {
    private HostPath() {}

    /** The entry for a typed line, or empty if it names no file (or no server is known). */
    public static Optional<BootEntry> entry(String line, DhcpLease lease) {
        String[] words = line.strip().split("\\s+", 2);
        if (words[0].isEmpty()) return Optional.empty();
        String first = words[0];
        String host;
        String path;
        int colon = first.indexOf(':');
        if (colon >= 0) {
            host = first.substring(0, colon);
            path = first.substring(colon + 1);
        } else {
            host = "";
            path = first;
        }
        if (host.isEmpty()) host = lease == null ? null : lease.bootServer();
        if (host == null || path.isEmpty() || first.contains("://")) return Optional.empty();
        String url = "tftp://" + host + "/" + (path.startsWith("/") ? path.substring(1) : path);
        String args = words.length > 1 ? words[1] : "";
        return Optional.of(BootEntry.linux(first, "netboot", url, List.of(), args, PathContext.NONE,
                new Source("typed", 0)));
    }
}
