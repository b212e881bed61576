package lobos.netboot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lobos.config.BootEntry;
import lobos.linux.Addresses;
import lobos.net.dhcp6.Dhcp6Lease;

/**
 * What a network boot over DHCPv6 knows: the lease (its boot file URL is what boots), the
 * interface's MAC and this machine. pxelinux's IPAPPEND 1 ({@code ip=client:server:gw:mask})
 * has no IPv6 form in the kernel's {@code ip=} syntax, so only BOOTIF and SYSUUID are filled.
 *
 * @param mac     the interface's MAC, {@code 52:54:00:12:34:56}
 * @param uuid    the SMBIOS system UUID, or null
 * @param arch    x86_64 or arm64
 * @param version the lobos version
 */
public record BootNetwork6(Dhcp6Lease lease, String mac, UUID uuid, String arch, String version) implements BootSettings {
    @Override
    public List<String> append(int bits) {
        List<String> out = new ArrayList<>();
        if ((bits & BootEntry.SYSAPPEND_BOOTIF) != 0) out.add(BootSettings.bootif(mac));
        if ((bits & BootEntry.SYSAPPEND_SYSUUID) != 0 && uuid != null) out.add(BootSettings.sysuuid(uuid));
        return out;
    }

    /**
     * iPXE's names for what DHCPv6 gives: {@code ip6} (the IA_NA address), {@code dns6} (the
     * first name server), {@code dnssl} (the first search domain), {@code filename} (the boot
     * file URL), with {@code mac} and {@code ifname}.
     */
    @Override
    public Map<String, String> ipxeSettings() {
        Map<String, String> link = new HashMap<>();
        link.put("mac", mac);
        link.put("ifname", lease.link());
        if (lease.address() != null) link.put("ip6", Addresses.text(lease.address()));
        if (!lease.dns().isEmpty()) link.put("dns6", Addresses.text(lease.dns().getFirst()));
        if (!lease.search().isEmpty()) link.put("dnssl", lease.search().getFirst());
        if (lease.bootFileUrl() != null) link.put("filename", lease.bootFileUrl());
        return BootSettings.ipxe(link, uuid, arch, version);
    }
}
