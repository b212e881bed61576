package lobos.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lobos.server.dhcp.DhcpSettings;
import lobos.server.dhcp.Subnet;

/**
 * The manager's node file, read: how the server listens, the DHCP subnets, the loader iPXE
 * starts, the profiles, groups and nodes (docs/server.md).
 */
public record ServerConfig(Path file, Server server, Loader loader, Dhcp dhcp, Map<String, Profile> profiles,
        Map<String, Group> groups, List<Node> nodes) {

    public ServerConfig {
        profiles = Map.copyOf(profiles);
        groups = Map.copyOf(groups);
        nodes = List.copyOf(nodes);
    }

    /**
     * @param url      this manager's base URL as nodes reach it (http://192.0.2.1:8080), or null:
     *                 then each DHCP answer names the server's address on the client's link
     * @param http     where the HTTP server listens
     * @param tftp     where the TFTP server listens, or null for none
     * @param tftpRoot what TFTP (and /ipxe/ over HTTP) serves: iPXE's programs
     * @param files    kernels and initrds, served at /files/
     * @param database a JDBC URL (jdbc:sqlite:FILE or jdbc:postgresql://...)
     * @param unknown  the profile for nodes the file does not know, or null to ignore them
     */
    public record Server(String url, InetSocketAddress http, InetSocketAddress tftp, Path tftpRoot, Path files, String database,
            String unknown) {}

    /** The lobos loader iPXE boots (lobos mkimage's vmlinuz and initramfs) and its command line; null paths when not set. */
    public record Loader(Path kernel, Path initrd, String cmdline) {}

    /**
     * @param mode       authoritative, proxy, or null (no DHCP)
     * @param interfaces where it listens
     * @param pxeFiles   option 93 architecture to an iPXE program over TFTP
     * @param httpFiles  option 93 architecture to an iPXE program for UEFI HTTP boot
     */
    public record Dhcp(DhcpSettings.Mode mode, List<String> interfaces, List<Subnet> subnets, Map<Integer, String> pxeFiles,
            Map<Integer, String> httpFiles) {
        public Dhcp {
            interfaces = List.copyOf(interfaces);
            subnets = List.copyOf(subnets);
            pxeFiles = Map.copyOf(pxeFiles);
            httpFiles = Map.copyOf(httpFiles);
        }
    }

    /**
     * Nodes that share a profile: those that name the group, and those whose host name matches
     * {@code hostname} (a glob, or null).
     */
    public record Group(String name, String profile, String hostname, int line) {}

    /**
     * One node, or a pattern of nodes: matched by MAC, else system UUID, else host name glob.
     *
     * @param name    its host name (DHCP option 12, ${hostname}), or null
     * @param address its reserved IPv4 address as a value, or 0
     * @param line    where it is in the file
     */
    public record Node(String name, String mac, String uuid, String hostname, int address, String group, String profile,
            int line) {
        /** What identifies it in listings and the API: its name, else its MAC, else its UUID, else its pattern. */
        public String id() {
            return name != null ? name : mac != null ? mac : uuid != null ? uuid : hostname;
        }
    }
}
