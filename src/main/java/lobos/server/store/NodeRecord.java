package lobos.server.store;

import java.time.Instant;

/**
 * A node as the manager has seen it: the inventory row.
 *
 * @param state    where the node is in its boot: dhcp, ipxe, loader, menu, kernel-fetched, kexec, ...
 * @param lastSeen when it last asked or reported anything
 * @param nextBoot a one-time profile for its next boot, or null
 */
public record NodeRecord(String mac, String uuid, String name, String ip, String hostname, String arch, String version,
        String state, Instant lastSeen, String nextBoot) {}
