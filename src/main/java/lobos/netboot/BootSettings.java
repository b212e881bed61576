package lobos.netboot;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What a network boot fills into the configs it reads, from a DHCPv4 lease ({@link BootNetwork})
 * or a DHCPv6 one ({@link BootNetwork6}): iPXE's settings ({@code ${net0/ip}}, {@code ${uuid}}...)
 * and the words pxelinux's IPAPPEND/SYSAPPEND bits put on a command line.
 */
public sealed interface BootSettings permits BootNetwork, BootNetwork6 {
    /** iPXE settings, as ${name}, ${net0/name} and ${netX/name}. */
    Map<String, String> ipxeSettings();

    /** The words SYSAPPEND bits ask for, in bit order (a bit the lease cannot fill adds nothing). */
    List<String> append(int bits);

    /** This machine's architecture as iPXE's {@code buildarch} and the manager request name it: x86_64 or arm64. */
    static String arch() {
        return lobos.linux.Arch.current() == lobos.linux.Arch.ARM64 ? "arm64" : "x86_64";
    }

    /** IPAPPEND 2: {@code BOOTIF=01-aa-bb-cc-dd-ee-ff}, the interface that booted (ARP type 1). */
    static String bootif(String mac) {
        return "BOOTIF=01-" + mac.replace(':', '-').toLowerCase(Locale.ROOT);
    }

    /** SYSAPPEND 4: {@code SYSUUID=...}, or null without a UUID. */
    static String sysuuid(UUID uuid) {
        return uuid == null ? null : "SYSUUID=" + uuid;
    }

    /**
     * The interface's settings under their own names and as {@code net0/} and {@code netX/}, and
     * the machine's ({@code uuid}, {@code buildarch}, {@code platform}, {@code version}).
     */
    static Map<String, String> ipxe(Map<String, String> link, UUID uuid, String arch, String version) {
        Map<String, String> out = new HashMap<>();
        for (var e : link.entrySet()) {
            out.put(e.getKey(), e.getValue());
            out.put("net0/" + e.getKey(), e.getValue());
            out.put("netX/" + e.getKey(), e.getValue());
        }
        if (uuid != null) out.put("uuid", uuid.toString());
        out.put("buildarch", arch);
        out.put("platform", "pcbios");
        out.put("version", version);
        return out;
    }
}
