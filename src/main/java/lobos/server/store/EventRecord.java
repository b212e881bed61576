package lobos.server.store;

import java.time.Instant;

/**
 * One step of a node's boot, in the order the manager recorded it.
 *
 * @param source who reported it: server (its DHCP and HTTP) or loader (the node's lobos)
 * @param type   dhcp, proxy-dhcp, ipxe, boot-request, dhcp-bound, menu, kernel-fetched, kexec, console-log, ...
 * @param detail what else is known, as key=value words
 */
public record EventRecord(long id, String mac, Instant at, String source, String type, String detail) {}
