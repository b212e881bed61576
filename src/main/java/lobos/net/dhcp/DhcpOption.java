package lobos.net.dhcp;

import java.util.Map;

/**
 * The DHCP options lobos sends or reads (RFC 2132 and later), with the size each must have.
 * {@link DhcpCodec#decode} checks every option in this table, so a lease never holds a router
 * list of five bytes or a two-byte lease time; options not in the table are kept as bytes.
 */
public enum DhcpOption {
    SUBNET_MASK(1, "subnet mask", Shape.fixed(4)),
    TIME_OFFSET(2, "time offset", Shape.fixed(4)),
    ROUTER(3, "router", Shape.multiple(4)),
    DNS_SERVERS(6, "domain name servers", Shape.multiple(4)),
    HOST_NAME(12, "host name", Shape.atLeast(1)),
    DOMAIN_NAME(15, "domain name", Shape.atLeast(1)),
    ROOT_PATH(17, "root path", Shape.atLeast(1)),
    INTERFACE_MTU(26, "interface MTU", Shape.fixed(2)),
    BROADCAST_ADDRESS(28, "broadcast address", Shape.fixed(4)),
    NTP_SERVERS(42, "NTP servers", Shape.multiple(4)),
    VENDOR_SPECIFIC(43, "vendor specific", Shape.atLeast(0)),
    REQUESTED_ADDRESS(50, "requested address", Shape.fixed(4)),
    LEASE_TIME(51, "lease time", Shape.fixed(4)),
    OVERLOAD(52, "overload", Shape.fixed(1)),
    MESSAGE_TYPE(53, "message type", Shape.fixed(1)),
    SERVER_ID(54, "server identifier", Shape.fixed(4)),
    PARAMETER_REQUEST_LIST(55, "parameter request list", Shape.atLeast(1)),
    MESSAGE(56, "message", Shape.atLeast(0)),
    MAX_MESSAGE_SIZE(57, "maximum message size", Shape.fixed(2)),
    RENEWAL_TIME(58, "renewal (T1) time", Shape.fixed(4)),
    REBINDING_TIME(59, "rebinding (T2) time", Shape.fixed(4)),
    VENDOR_CLASS(60, "vendor class identifier", Shape.atLeast(1)),
    CLIENT_ID(61, "client identifier", Shape.atLeast(2)),
    TFTP_SERVER_NAME(66, "TFTP server name", Shape.atLeast(1)),
    BOOTFILE_NAME(67, "bootfile name", Shape.atLeast(1)),
    USER_CLASS(77, "user class", Shape.atLeast(1)),
    /** RFC 3046: what a relay agent adds (circuit, remote ID, RFC 3527 link selection); a server echoes it. */
    RELAY_AGENT_INFO(82, "relay agent information", Shape.atLeast(2)),
    CLIENT_ARCH(93, "client system architecture", Shape.multiple(2)),
    CLIENT_NDI(94, "client network device interface", Shape.fixed(3)),
    CLIENT_MACHINE_ID(97, "client machine identifier", Shape.atLeast(1)),
    DOMAIN_SEARCH(119, "domain search", Shape.atLeast(1)),
    CLASSLESS_ROUTES(121, "classless static routes", Shape.atLeast(5)),
    IPXE(175, "iPXE encapsulated options", Shape.atLeast(0)),
    PXELINUX_CONFIG_FILE(209, "pxelinux configuration file", Shape.atLeast(1)),
    PXELINUX_PATH_PREFIX(210, "pxelinux path prefix", Shape.atLeast(1)),
    PXELINUX_REBOOT_TIME(211, "pxelinux reboot time", Shape.fixed(4)),
    /**
     * The lobos manager's URL (text), in the site-specific range (RFC 2132 section 2: 224-254);
     * docs/netboot.md documents it for dnsmasq and Kea.
     */
    LOBOS_MANAGER_URL(224, "lobos manager URL", Shape.atLeast(1));

    /** Pad (0) and end (255) are single bytes without a length. */
    public static final int PAD = 0, END = 255;

    public final int code;
    public final String description;
    final Shape shape;

    DhcpOption(int code, String description, Shape shape) {
        this.code = code;
        this.description = description;
        this.shape = shape;
    }

    private static final Map<Integer, DhcpOption> BY_CODE = byCode();

    private static Map<Integer, DhcpOption> byCode() {
        var map = new java.util.HashMap<Integer, DhcpOption>();
        for (DhcpOption o : values()) map.put(o.code, o);
        return Map.copyOf(map);
    }

    /** The option with this code, or null if lobos has no name for it. */
    public static DhcpOption of(int code) {
        return BY_CODE.get(code);
    }

    /** "option 51 (lease time)", or "option 250" for an option lobos does not know. */
    public static String describe(int code) {
        DhcpOption o = of(code);
        return "option " + code + (o == null ? "" : " (" + o.description + ")");
    }

    /** The sizes an option's value may have: exactly n, a non-empty multiple of n, or at least n bytes. */
    record Shape(int unit, boolean exact, boolean multiple) {
        static Shape fixed(int n) {
            return new Shape(n, true, false);
        }

        static Shape multiple(int n) {
            return new Shape(n, false, true);
        }

        static Shape atLeast(int n) {
            return new Shape(n, false, false);
        }

        /** Why {@code length} does not fit, or null if it does. */
        String check(int length) {
            if (exact && length != unit) return "length " + length + ", must be " + unit;
            if (multiple && (length == 0 || length % unit != 0)) {
                return "length " + length + ", must be a non-zero multiple of " + unit;
            }
            if (!exact && !multiple && length < unit) return "length " + length + ", must be at least " + unit;
            return null;
        }
    }
}
