package lobos.net.dhcp6;

import java.net.Inet6Address;
import java.util.List;

/**
 * What a DHCPv6 server gave (RFC 8415): an address of IA_NA (null when the server gave only
 * information), its lifetimes, name servers (option 23), the domain search list (24) and the
 * boot file URL (RFC 5970 option 59) with its parameters (60).
 */
public record Dhcp6Lease(String link, Inet6Address address, long preferredSeconds, long validSeconds,
        long renewSeconds, long rebindSeconds, List<Inet6Address> dns, List<String> search, String bootFileUrl,
        List<String> bootFileParameters, String serverDuid) {
    public Dhcp6Lease {
        dns = List.copyOf(dns);
        search = List.copyOf(search);
        bootFileParameters = List.copyOf(bootFileParameters);
    }
}
