package lobos.server.dhcp;

import java.util.List;
import java.util.Map;

/**
 * What the DHCP server does, from the node file: a snapshot that a reload replaces whole.
 *
 * @param mode    authoritative: addresses and boot information; proxy: boot information only, beside another DHCP server
 * @param subnets where addresses are handed out (authoritative mode)
 * @param clients what the node file knows about a client
 * @param boot    where boot clients are sent
 */
public record DhcpSettings(Mode mode, List<Subnet> subnets, Clients clients, Boot boot) {
    public enum Mode { AUTHORITATIVE, PROXY }

    public DhcpSettings {
        subnets = List.copyOf(subnets);
    }

    /** The node file's view of clients. */
    public interface Clients {
        /** The node file's entry that matches, or null for a client it does not know. */
        Known find(String mac, String uuid, String hostname);

        /** The MAC the address is reserved for, or null. */
        String reservedFor(int address);

        /** Whether clients the node file does not know get answers (policy {@code unknown:}). */
        boolean serveUnknown();
    }

    /**
     * A client the node file knows.
     *
     * @param name    its host name (option 12), or null
     * @param address its reserved address, or 0
     */
    public record Known(String name, int address) {}

    /**
     * Where boot clients are sent.
     *
     * @param baseUrl   this manager's HTTP base URL as nodes reach it, or null to use http://SERVER-ADDRESS:httpPort
     * @param httpPort  the manager's HTTP port
     * @param pxeFiles  option 93 architecture to the iPXE program served over TFTP (undionly.kpxe, ipxe.efi)
     * @param httpFiles option 93 architecture to the iPXE program for UEFI HTTP boot, served at /ipxe/NAME
     */
    public record Boot(String baseUrl, int httpPort, Map<Integer, String> pxeFiles, Map<Integer, String> httpFiles) {
        public Boot {
            pxeFiles = Map.copyOf(pxeFiles);
            httpFiles = Map.copyOf(httpFiles);
        }

        /** The defaults for Debian's ipxe package: undionly.kpxe for BIOS, ipxe.efi for x64 UEFI (and its HTTP boot). */
        public static Boot debianIpxe(String baseUrl, int httpPort) {
            return new Boot(baseUrl, httpPort, Map.of(0, "undionly.kpxe", 7, "ipxe.efi", 9, "ipxe.efi"), Map.of(16, "ipxe.efi"));
        }

        public String base(int serverAddress) {
            return baseUrl != null ? baseUrl : "http://" + Ipv4.text(serverAddress) + ":" + httpPort;
        }
    }
}
