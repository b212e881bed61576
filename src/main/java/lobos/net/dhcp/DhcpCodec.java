package lobos.net.dhcp;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bytes to {@link DhcpMessage} and back (RFC 951, RFC 2131, RFC 2132). Decoding reads the
 * options field, then, as option 52 says, the file and sname fields; an option that occurs
 * more than once is one value, its instances joined in that order (RFC 3396). Pad options
 * are skipped; the END option is expected but a field that ends without one is accepted, as
 * long as no option runs past it. Every option in {@link DhcpOption} is checked for its size.
 * Encoding splits values longer than 255 bytes into several instances, spills into file and
 * sname (option 52) only when the options would not fit the size the receiver accepts, and
 * pads the message to the 300 bytes of a BOOTP message.
 */
public final class DhcpCodec {
    /** Size of the fixed header, up to the options field. */
    public static final int HEADER = 236;
    /** RFC 1048's magic cookie, which starts the options field. */
    static final byte[] COOKIE = {99, (byte) 130, 83, 99};
    /** The smallest message (BOOTP's 64-byte vendor field). */
    public static final int MIN_SIZE = 300;
    /** Every DHCP peer must accept messages of this size (RFC 2131 section 2). */
    public static final int DEFAULT_MAX_SIZE = 576;
    /** Larger than any UDP datagram on Ethernet; a longer one is not a DHCP message. */
    public static final int MAX_DATAGRAM = 65_507;

    private static final int SNAME = 44, SNAME_LENGTH = 64, FILE = 108, FILE_LENGTH = 128;

    private DhcpCodec() {}

    public static DhcpMessage decode(byte[] b) {
        return decode(b, b.length);
    }

    /** Decodes the first {@code length} bytes of {@code b}. */
    public static DhcpMessage decode(byte[] b, int length) {
        if (length < HEADER) {
            throw new DhcpFormatException("header", length, "the packet has " + length
                    + " bytes; a BOOTP header has " + HEADER);
        }
        if (length > MAX_DATAGRAM) throw new DhcpFormatException("packet", MAX_DATAGRAM, "longer than a UDP datagram");
        int op = b[0] & 0xff;
        if (op != DhcpMessage.BOOTREQUEST && op != DhcpMessage.BOOTREPLY) {
            throw new DhcpFormatException("op", 0, "is " + op + ", must be 1 (request) or 2 (reply)");
        }
        int hlen = b[2] & 0xff;
        if (hlen > 16) throw new DhcpFormatException("hlen", 2, "is " + hlen + ", at most 16");
        DhcpOptions options = DhcpOptions.EMPTY;
        String sname = text(b, SNAME, SNAME_LENGTH);
        String file = text(b, FILE, FILE_LENGTH);
        if (length >= HEADER + 4 && b[236] == COOKIE[0] && b[237] == COOKIE[1] && b[238] == COOKIE[2]
                && b[239] == COOKIE[3]) {
            DhcpOptions.Builder all = DhcpOptions.builder();
            int overload = parse(b, HEADER + 4, length, "options", all, true);
            if ((overload & 1) != 0) {
                parse(b, FILE, FILE + FILE_LENGTH, "file field", all, false);
                file = "";
            }
            if ((overload & 2) != 0) {
                parse(b, SNAME, SNAME + SNAME_LENGTH, "sname field", all, false);
                sname = "";
            }
            options = all.build();
            check(options, length);
        }
        return new DhcpMessage(op, b[1] & 0xff, hlen, b[3] & 0xff, u32(b, 4), u16(b, 8), u16(b, 10),
                DhcpOptions.ipv4(b, 12), DhcpOptions.ipv4(b, 16), DhcpOptions.ipv4(b, 20), DhcpOptions.ipv4(b, 24),
                java.util.Arrays.copyOfRange(b, 28, 44), sname, file, options);
    }

    /**
     * Reads options from b[from, to) into {@code into}; returns option 52's value (0 if absent),
     * which only the options field may carry.
     */
    private static int parse(byte[] b, int from, int to, String region, DhcpOptions.Builder into, boolean main) {
        int overload = 0;
        int i = from;
        while (i < to) {
            int code = b[i] & 0xff;
            if (code == DhcpOption.PAD) {
                i++;
                continue;
            }
            if (code == DhcpOption.END) break;
            if (i + 1 >= to) {
                throw new DhcpFormatException(DhcpOption.describe(code), i, "its length byte is missing (the " + region
                        + " ends)");
            }
            int len = b[i + 1] & 0xff;
            if (i + 2 + len > to) {
                throw new DhcpFormatException(DhcpOption.describe(code), i, "its value of " + len + " bytes runs past the end of the "
                        + region);
            }
            if (code == DhcpOption.OVERLOAD.code) {
                if (!main) throw new DhcpFormatException(DhcpOption.describe(code), i, "only allowed in the options field");
                if (len != 1 || b[i + 2] < 1 || b[i + 2] > 3) {
                    throw new DhcpFormatException(DhcpOption.describe(code), i, "must be one byte, 1, 2 or 3");
                }
                overload = b[i + 2];
            } else {
                into.append(code, b, i + 2, len);
            }
            i += 2 + len;
        }
        return overload;
    }

    /** Checks every known option's size after concatenation, and the message type's value. */
    private static void check(DhcpOptions options, int where) {
        for (Map.Entry<Integer, byte[]> e : options.raw().entrySet()) {
            DhcpOption known = DhcpOption.of(e.getKey());
            if (known == null) continue;
            String why = known.shape.check(e.getValue().length);
            if (why != null) throw new DhcpFormatException(DhcpOption.describe(e.getKey()), where, why);
        }
        var type = options.u8(DhcpOption.MESSAGE_TYPE);
        if (type.isPresent() && MessageType.of(type.get()) == null) {
            throw new DhcpFormatException(DhcpOption.describe(53), where, "unknown message type " + type.get());
        }
    }

    public static byte[] encode(DhcpMessage m) {
        return encode(m, Integer.MAX_VALUE);
    }

    /** Whether {@code m} encodes in {@code maxSize} bytes (with option overload where needed). */
    public static boolean fits(DhcpMessage m, int maxSize) {
        try {
            encode(m, maxSize);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Encodes {@code m} in at most {@code maxSize} bytes (the receiver's option 57, or
     * {@link #DEFAULT_MAX_SIZE}), overloading file and sname when they are empty and needed.
     *
     * @throws IllegalArgumentException if it does not fit, or sname/file are too long for their fields
     */
    public static byte[] encode(DhcpMessage m, int maxSize) {
        byte[] sname = m.sname().getBytes(StandardCharsets.ISO_8859_1);
        byte[] file = m.file().getBytes(StandardCharsets.ISO_8859_1);
        if (sname.length > SNAME_LENGTH) throw new IllegalArgumentException("sname longer than 64 bytes");
        if (file.length > FILE_LENGTH) throw new IllegalArgumentException("file longer than 128 bytes");
        List<byte[]> instances = instances(m.options());
        int optionBytes = 0;
        for (byte[] i : instances) optionBytes += i.length;
        byte[] header = header(m);
        System.arraycopy(sname, 0, header, SNAME, sname.length);
        System.arraycopy(file, 0, header, FILE, file.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(MIN_SIZE, HEADER + 4 + optionBytes + 1));
        if (HEADER + 4 + optionBytes + 1 <= maxSize) {
            out.writeBytes(header);
            out.writeBytes(COOKIE);
            for (byte[] i : instances) out.writeBytes(i);
            out.write(DhcpOption.END);
        } else {
            overloaded(header, instances, maxSize, sname.length == 0, file.length == 0, out);
        }
        while (out.size() < MIN_SIZE) out.write(0);
        return out.toByteArray();
    }

    /** Each option as code, length, value; values over 255 bytes as several instances (RFC 3396). */
    private static List<byte[]> instances(DhcpOptions options) {
        List<byte[]> out = new ArrayList<>();
        for (Map.Entry<Integer, byte[]> e : options.raw().entrySet()) {
            byte[] v = e.getValue();
            int pos = 0;
            do {
                int n = Math.min(255, v.length - pos);
                byte[] inst = new byte[2 + n];
                inst[0] = (byte) (int) e.getKey();
                inst[1] = (byte) n;
                System.arraycopy(v, pos, inst, 2, n);
                out.add(inst);
                pos += n;
            } while (pos < v.length);
        }
        return out;
    }

    private static void overloaded(byte[] header, List<byte[]> instances, int maxSize, boolean snameFree,
            boolean fileFree, ByteArrayOutputStream out) {
        // the options field first, then file, then sname: the order RFC 3396 joins them in
        Region main = new Region(Math.max(0, maxSize - HEADER - 4 - 3 - 1)); // room for option 52 and END
        Region fileRegion = fileFree ? new Region(FILE_LENGTH - 1) : null; // room for END
        Region snameRegion = snameFree ? new Region(SNAME_LENGTH - 1) : null;
        List<Region> regions = new ArrayList<>(List.of(main));
        if (fileRegion != null) regions.add(fileRegion);
        if (snameRegion != null) regions.add(snameRegion);
        int r = 0;
        for (byte[] inst : instances) {
            int code = inst[0] & 0xff;
            int pos = 2;
            int left = inst.length - 2;
            do {
                while (r < regions.size() && regions.get(r).free() < (left == 0 ? 2 : 3)) r++;
                if (r >= regions.size()) {
                    throw new IllegalArgumentException("the options do not fit in " + maxSize + " bytes");
                }
                Region region = regions.get(r);
                int n = Math.min(left, region.free() - 2);
                region.data.write(code);
                region.data.write(n);
                region.data.write(inst, pos, n);
                pos += n;
                left -= n;
            } while (left > 0);
        }
        int overload = 0;
        if (fileRegion != null && !fileRegion.empty()) {
            place(header, FILE, FILE_LENGTH, fileRegion);
            overload |= 1;
        }
        if (snameRegion != null && !snameRegion.empty()) {
            place(header, SNAME, SNAME_LENGTH, snameRegion);
            overload |= 2;
        }
        out.writeBytes(header);
        out.writeBytes(COOKIE);
        if (overload != 0) {
            out.write(DhcpOption.OVERLOAD.code);
            out.write(1);
            out.write(overload);
        }
        out.writeBytes(main.data.toByteArray());
        out.write(DhcpOption.END);
    }

    private static void place(byte[] header, int offset, int length, Region region) {
        byte[] data = region.data.toByteArray();
        System.arraycopy(data, 0, header, offset, data.length);
        header[offset + data.length] = (byte) DhcpOption.END; // the rest stays pad
    }

    private static final class Region {
        final int capacity;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();

        Region(int capacity) {
            this.capacity = capacity;
        }

        int free() {
            return capacity - data.size();
        }

        boolean empty() {
            return data.size() == 0;
        }
    }

    private static byte[] header(DhcpMessage m) {
        byte[] h = new byte[HEADER];
        h[0] = (byte) m.op();
        h[1] = (byte) m.htype();
        h[2] = (byte) m.hlen();
        h[3] = (byte) m.hops();
        putU32(h, 4, m.xid());
        h[8] = (byte) (m.secs() >> 8);
        h[9] = (byte) m.secs();
        h[10] = (byte) (m.flags() >> 8);
        h[11] = (byte) m.flags();
        putAddress(h, 12, m.ciaddr());
        putAddress(h, 16, m.yiaddr());
        putAddress(h, 20, m.siaddr());
        putAddress(h, 24, m.giaddr());
        System.arraycopy(m.chaddr(), 0, h, 28, 16);
        return h;
    }

    private static void putAddress(byte[] b, int at, Inet4Address a) {
        System.arraycopy(a.getAddress(), 0, b, at, 4);
    }

    private static void putU32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int u32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    /** A NUL-terminated text field (Latin-1, so every byte survives a round trip). */
    private static String text(byte[] b, int at, int length) {
        int end = at;
        while (end < at + length && b[end] != 0) end++;
        return new String(b, at, end - at, StandardCharsets.ISO_8859_1);
    }
}
