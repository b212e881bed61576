package lobos.server;

import java.util.HashMap;
import java.util.Map;
import lobos.server.dhcp.DhcpSettings;

/**
 * Finds a client in the node file: a node by MAC, else by system UUID, else by host name pattern;
 * a node's profile is its own, else its group's, else that of the first group whose host name
 * pattern matches; a node with none stays at the menu. A client no node and no group matches is
 * unknown: it gets the {@code unknown:} profile, or is ignored.
 */
public final class NodeDirectory implements DhcpSettings.Clients {
    /** What the file says about a client. {@code node} and {@code group} may each be null; {@code profile} is null for an ignored client. */
    public record Match(ServerConfig.Node node, ServerConfig.Group group, String profile) {
        public boolean known() {
            return node != null || group != null;
        }
    }

    private final ServerConfig config;
    private final Map<String, ServerConfig.Node> byMac = new HashMap<>();
    private final Map<String, ServerConfig.Node> byUuid = new HashMap<>();
    private final Map<Integer, String> reservations = new HashMap<>();

    public NodeDirectory(ServerConfig config) {
        this.config = config;
        for (ServerConfig.Node n : config.nodes()) {
            if (n.mac() != null) byMac.put(n.mac(), n);
            if (n.uuid() != null) byUuid.put(n.uuid(), n);
            if (n.address() != 0) reservations.put(n.address(), n.mac());
        }
    }

    public ServerConfig config() {
        return config;
    }

    public Match match(String mac, String uuid, String hostname) {
        ServerConfig.Node node = mac == null ? null : byMac.get(mac.toLowerCase(java.util.Locale.ROOT));
        if (node == null && uuid != null) node = byUuid.get(uuid.toLowerCase(java.util.Locale.ROOT));
        if (node == null && hostname != null) {
            for (ServerConfig.Node n : config.nodes()) {
                if (n.mac() == null && n.uuid() == null && Glob.matches(n.hostname(), hostname)) {
                    node = n;
                    break;
                }
            }
        }
        String name = node != null && node.name() != null ? node.name() : hostname;
        ServerConfig.Group group = node != null && node.group() != null ? config.groups().get(node.group()) : null;
        if (group == null && name != null) {
            for (ServerConfig.Group g : config.groups().values()) {
                if (Glob.matches(g.hostname(), name)) {
                    group = g;
                    break;
                }
            }
        }
        String profile;
        if (node != null && node.profile() != null) profile = node.profile();
        else if (group != null) profile = group.profile();
        else if (node != null) profile = "menu";
        else profile = config.server().unknown();
        return new Match(node, group, profile);
    }

    @Override
    public DhcpSettings.Known find(String mac, String uuid, String hostname) {
        Match m = match(mac, uuid, hostname);
        if (!m.known()) return null;
        ServerConfig.Node n = m.node();
        return new DhcpSettings.Known(n == null ? null : n.name(), n == null ? 0 : n.address());
    }

    @Override
    public String reservedFor(int address) {
        return reservations.get(address);
    }

    @Override
    public boolean serveUnknown() {
        return config.server().unknown() != null;
    }
}
