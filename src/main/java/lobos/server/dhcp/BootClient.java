package lobos.server.dhcp;

import java.util.List;
import lobos.net.dhcp.DhcpMessage;
import lobos.net.dhcp.DhcpOption;
import lobos.net.dhcp.DhcpValues;

/**
 * What kind of boot client sent a request, which decides what it is told to boot: lobos's
 * own loader (user class {@code lobos} or vendor class {@code lobos:...}) gets the manager's URL,
 * iPXE (user class {@code iPXE} or option 175) an iPXE script over HTTP that starts the loader,
 * firmware PXE (vendor class {@code PXEClient}) iPXE over TFTP for its architecture (option 93),
 * UEFI HTTP boot (vendor class {@code HTTPClient}) iPXE over HTTP, anything else only an address.
 */
public sealed interface BootClient {
    record Lobos() implements BootClient {}

    record Ipxe() implements BootClient {}

    /** @param arch option 93 (RFC 4578): 0 BIOS, 6 x86 UEFI, 7 and 9 x64 UEFI, 11 arm64 UEFI, ... */
    record Pxe(int arch) implements BootClient {}

    /** @param arch option 93: 15 x86, 16 x64, 19 arm64 UEFI HTTP */
    record HttpBoot(int arch) implements BootClient {}

    record Plain() implements BootClient {}

    /** Architecture when the client sent no option 93: PXE's x86 BIOS. */
    int BIOS = 0;

    static BootClient of(DhcpMessage m) {
        var o = m.options();
        List<String> userClasses = o.bytes(DhcpOption.USER_CLASS).map(DhcpValues::userClasses).orElse(List.of());
        String vendor = o.string(DhcpOption.VENDOR_CLASS).orElse("");
        if (userClasses.contains("lobos") || vendor.startsWith("lobos:")) return new Lobos();
        if (userClasses.contains("iPXE") || o.has(DhcpOption.IPXE)) return new Ipxe();
        int arch = o.u16(DhcpOption.CLIENT_ARCH).orElse(BIOS);
        if (vendor.startsWith("HTTPClient")) return new HttpBoot(arch);
        if (vendor.startsWith("PXEClient")) return new Pxe(arch);
        return new Plain();
    }

    /** A word for logs and events: lobos, ipxe, pxe-bios, pxe-uefi-x64, http-uefi-x64, ... */
    default String label() {
        return switch (this) {
            case Lobos l -> "lobos";
            case Ipxe i -> "ipxe";
            case Pxe p -> "pxe-" + archName(p.arch());
            case HttpBoot h -> "http-" + archName(h.arch());
            case Plain p -> "plain";
        };
    }

    /** RFC 4578 / IANA processor architecture types, by the names the node file uses. */
    static String archName(int arch) {
        return switch (arch) {
            case 0 -> "bios";
            case 6 -> "uefi-x86";
            case 7, 9 -> "uefi-x64";
            case 10 -> "uefi-arm32";
            case 11 -> "uefi-arm64";
            case 15 -> "uefi-x86";
            case 16 -> "uefi-x64";
            case 18 -> "uefi-arm32";
            case 19 -> "uefi-arm64";
            default -> "arch" + arch;
        };
    }
}
