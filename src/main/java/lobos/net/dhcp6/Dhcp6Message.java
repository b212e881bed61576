package lobos.net.dhcp6;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import lobos.net.dhcp.DhcpFormatException;

/**
 * A DHCPv6 message (RFC 8415 section 8): type, a 24-bit transaction ID and options, each a
 * 16-bit code and length; options such as IA_NA nest options of their own, which
 * {@link #options(byte[])} reads the same way. Decoding refuses what does not fit, naming the
 * field.
 */
public record Dhcp6Message(int type, int xid, List<Option> options) {
    public static final int SOLICIT = 1, ADVERTISE = 2, REQUEST = 3, RENEW = 5, REPLY = 7, RELEASE = 8,
            INFORMATION_REQUEST = 11;
    public static final int OPTION_CLIENTID = 1, OPTION_SERVERID = 2, OPTION_IA_NA = 3, OPTION_IAADDR = 5, OPTION_ORO = 6,
            OPTION_PREFERENCE = 7, OPTION_ELAPSED_TIME = 8, OPTION_STATUS_CODE = 13, OPTION_USER_CLASS = 15,
            OPTION_VENDOR_CLASS = 16, OPTION_DNS_SERVERS = 23, OPTION_DOMAIN_LIST = 24, OPTION_BOOTFILE_URL = 59,
            OPTION_BOOTFILE_PARAM = 60, OPTION_CLIENT_ARCH_TYPE = 61, OPTION_NII = 62;

    /** One option: its code and value (a copy). */
    public record Option(int code, byte[] value) {
        public Option {
            value = value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Option other && other.code == code && Arrays.equals(other.value, value);
        }

        @Override
        public int hashCode() {
            return code * 31 + Arrays.hashCode(value);
        }
    }

    public Dhcp6Message {
        if (type < 1 || type > 255) throw new IllegalArgumentException("type " + type);
        options = List.copyOf(options);
    }

    public Optional<byte[]> first(int code) {
        return options.stream().filter(o -> o.code() == code).map(Option::value).findFirst();
    }

    public static Dhcp6Message decode(byte[] b) {
        if (b.length < 4) throw new DhcpFormatException("DHCPv6 header", b.length, "the packet has " + b.length + " bytes; the header has 4");
        int type = b[0] & 0xff;
        if (type == 0) throw new DhcpFormatException("msg-type", 0, "0 is no message type");
        int xid = (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        return new Dhcp6Message(type, xid, options(Arrays.copyOfRange(b, 4, b.length), 4));
    }

    /** The options in {@code b} (a message's, or an option's nested ones). */
    public static List<Option> options(byte[] b) {
        return options(b, 0);
    }

    private static List<Option> options(byte[] b, int base) {
        List<Option> out = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            if (i + 4 > b.length) throw new DhcpFormatException("DHCPv6 option header", base + i, "fewer than 4 bytes left");
            int code = (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
            int len = (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
            if (i + 4 + len > b.length) {
                throw new DhcpFormatException("DHCPv6 option " + code, base + i, "its value of " + len + " bytes runs past the end");
            }
            out.add(new Option(code, Arrays.copyOfRange(b, i + 4, i + 4 + len)));
            i += 4 + len;
        }
        return out;
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.write(xid >> 16);
        out.write(xid >> 8);
        out.write(xid);
        out.writeBytes(encode(options));
        return out.toByteArray();
    }

    public static byte[] encode(List<Option> options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Option o : options) {
            if (o.value().length > 0xffff) throw new IllegalArgumentException("option " + o.code() + " too long");
            out.write(o.code() >> 8);
            out.write(o.code());
            out.write(o.value().length >> 8);
            out.write(o.value().length);
            out.writeBytes(o.value());
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dhcp6Message m && m.type == type && m.xid == xid && m.options.equals(options);
    }

    @Override
    public int hashCode() {
        return type * 31 + xid;
    }
}
