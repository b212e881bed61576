package lobos.netboot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lobos.net.ManagerRequest;
import lobos.net.dhcp.DhcpLease;

/**
 * What a network boot knows about this machine and its lease: what pxelinux's IPAPPEND and
 * SYSAPPEND append, what iPXE's settings (${net0/ip}, ${uuid}...) expand to, and what the
 * manager request carries.
 *
 * @param uuid    the SMBIOS system UUID, or null
 * @param arch    x86_64 or arm64
 * @param version the lobos version
 */
public record BootNetwork(DhcpLease lease, UUID uuid, String arch, String version) implements BootSettings {
    /** IPAPPEND 1: {@code ip=client:server:gateway:netmask}, as pxelinux writes it. */
    public String ipAppend() {
        String server = lease.bootServer() == null ? "" : lease.bootServer();
        String gateway = lease.gateway() == null ? "" : lease.gateway().getHostAddress();
        return "ip=" + lease.address().getHostAddress() + ":" + server + ":" + gateway + ":" + lease.netmask();
    }

    /** IPAPPEND 2: {@code BOOTIF=01-aa-bb-cc-dd-ee-ff}, the interface that booted (ARP type 1). */
    public String bootif() {
        return BootSettings.bootif(lease.mac());
    }

    /** SYSAPPEND 4: {@code SYSUUID=...}, or null without a UUID. */
    public String sysuuid() {
        return BootSettings.sysuuid(uuid);
    }

    @Override
    public List<String> append(int bits) {
        var out = new java.util.ArrayList<String>();
        if ((bits & lobos.config.BootEntry.SYSAPPEND_IP) != 0) out.add(ipAppend());
        if ((bits & lobos.config.BootEntry.SYSAPPEND_BOOTIF) != 0) out.add(bootif());
        if ((bits & lobos.config.BootEntry.SYSAPPEND_SYSUUID) != 0 && sysuuid() != null) out.add(sysuuid());
        return out;
    }

    @Override
    public Map<String, String> ipxeSettings() {
        Map<String, String> net = new HashMap<>();
        net.put("mac", lease.mac());
        net.put("ip", lease.address().getHostAddress());
        net.put("netmask", lease.netmask());
        if (lease.gateway() != null) net.put("gateway", lease.gateway().getHostAddress());
        if (!lease.dns().isEmpty()) net.put("dns", lease.dns().getFirst().getHostAddress());
        if (lease.domain() != null) net.put("domain", lease.domain());
        if (lease.hostname() != null) net.put("hostname", lease.hostname());
        if (lease.bootFile() != null) net.put("filename", lease.bootFile());
        if (lease.nextServer() != null) net.put("next-server", lease.nextServer().getHostAddress());
        if (lease.rootPath() != null) net.put("root-path", lease.rootPath());
        if (lease.server() != null) net.put("dhcp-server", lease.server().getHostAddress());
        net.put("ifname", lease.link());
        return BootSettings.ipxe(net, uuid, arch, version);
    }

    public ManagerRequest managerRequest() {
        return new ManagerRequest(lease.mac(), uuid == null ? null : uuid.toString(), arch, version,
                lease.address().getHostAddress(), lease.hostname(), lease.link());
    }
}
