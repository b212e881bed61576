package lobos.kexec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A UEFI boot entry: the data of a {@code Boot####} variable, an EFI_LOAD_OPTION (UEFI 2.10,
 * section 3.1.3): UINT32 Attributes, UINT16 FilePathListLength, a NUL-terminated UCS-2
 * Description, FilePathListLength bytes of device path, optional data to the end. The device
 * path is shown the way the UEFI shell and efibootmgr show it ({@code
 * HD(1,GPT,...)/\EFI\debian\shimx64.efi}, {@code FvFile(...)}).
 *
 * @param attributes LOAD_OPTION_ACTIVE (0x1), FORCE_RECONNECT (0x2), HIDDEN (0x8), CATEGORY (0x1f00)
 */
public record EfiLoadOption(long attributes, String description, String devicePath, int optionalDataBytes) {
    public static final long ACTIVE = 0x1, HIDDEN = 0x8;
    /** Device paths deeper than this are cut: no real one comes near it. */
    static final int MAX_NODES = 64;

    public boolean active() {
        return (attributes & ACTIVE) != 0;
    }

    public boolean hidden() {
        return (attributes & HIDDEN) != 0;
    }

    /** Parses the variable's data (without the 4 bytes of variable attributes efivarfs puts first). */
    public static EfiLoadOption parse(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data.length < 6) throw bad("is " + data.length + " bytes, shorter than the 6-byte header");
        long attributes = b.getInt(0) & 0xffffffffL;
        int pathLength = b.getShort(4) & 0xffff;
        StringBuilder description = new StringBuilder();
        int at = 6;
        while (true) {
            if (at + 2 > data.length) throw bad("has a description without its terminating NUL");
            char c = b.getChar(at);
            at += 2;
            if (c == 0) break;
            description.append(c);
        }
        if (pathLength > data.length - at) {
            throw bad("says its device path is %d bytes, but only %d follow the description".formatted(pathLength,
                    data.length - at));
        }
        String path = devicePath(b, at, at + pathLength);
        return new EfiLoadOption(attributes, description.toString(), path, data.length - at - pathLength);
    }

    /** The device path between {@code from} and {@code end}, node by node up to the end node. */
    static String devicePath(ByteBuffer b, int from, int end) {
        List<String> nodes = new ArrayList<>();
        int at = from;
        while (at + 4 <= end && nodes.size() < MAX_NODES) {
            int type = b.get(at) & 0xff, subtype = b.get(at + 1) & 0xff, length = b.getShort(at + 2) & 0xffff;
            if (length < 4 || length > end - at) throw bad("has a device path node of %d bytes at %d".formatted(length, at));
            if (type == 0x7f) {
                if (subtype == 0xff) break;   // end of the whole path
                nodes.add(",");               // end of one instance: another path follows
                at += length;
                continue;
            }
            nodes.add(node(b, at, type, subtype, length));
            at += length;
        }
        return String.join("/", nodes).replace("/,/", ",");
    }

    private static String node(ByteBuffer b, int at, int type, int subtype, int length) {
        int data = at + 4, size = length - 4;
        return switch (type << 8 | subtype) {
            case 0x0101 -> size >= 2 ? "Pci(0x%x,0x%x)".formatted(b.get(data + 1) & 0xff, b.get(data) & 0xff) : raw(b, at, type, subtype, length);
            case 0x0201 -> size >= 8 && (b.getInt(data) & 0xffff) == 0x41d0 && (b.getInt(data) >>> 16) == 0x0a03
                    ? "PciRoot(0x%x)".formatted(b.getInt(data + 4)) : size >= 8
                    ? "Acpi(0x%08x,0x%x)".formatted(b.getInt(data), b.getInt(data + 4)) : raw(b, at, type, subtype, length);
            case 0x0305 -> size >= 2 ? "USB(0x%x,0x%x)".formatted(b.get(data) & 0xff, b.get(data + 1) & 0xff) : raw(b, at, type, subtype, length);
            case 0x030b -> size >= 6 ? "MAC(" + HexFormat.of().formatHex(bytes(b, data, 6)) + ")" : raw(b, at, type, subtype, length);
            case 0x030c -> "IPv4()";
            case 0x030d -> "IPv6()";
            case 0x0312 -> size >= 6 ? "Sata(0x%x,0x%x,0x%x)".formatted(b.getShort(data) & 0xffff,
                    b.getShort(data + 2) & 0xffff, b.getShort(data + 4) & 0xffff) : raw(b, at, type, subtype, length);
            case 0x0317 -> size >= 4 ? "NVMe(0x%x)".formatted(b.getInt(data)) : raw(b, at, type, subtype, length);
            case 0x0318 -> "Uri(" + new String(bytes(b, data, size), StandardCharsets.UTF_8) + ")";
            case 0x0401 -> size >= 38 ? "HD(%d,%s,%s)".formatted(b.getInt(data),
                    (b.get(data + 37) & 0xff) == 2 ? "GPT" : "MBR",
                    (b.get(data + 37) & 0xff) == 2 ? guid(b, data + 20) : "0x%08x".formatted(b.getInt(data + 20)))
                    : raw(b, at, type, subtype, length);
            case 0x0402 -> size >= 4 ? "CDROM(0x%x)".formatted(b.getInt(data)) : raw(b, at, type, subtype, length);
            case 0x0404 -> ucs2(b, data, size);
            case 0x0406 -> size >= 16 ? "FvFile(" + guid(b, data) + ")" : raw(b, at, type, subtype, length);
            case 0x0407 -> size >= 16 ? "Fv(" + guid(b, data) + ")" : raw(b, at, type, subtype, length);
            case 0x0501 -> "BBS(0x%x)".formatted(size >= 2 ? b.getShort(data) & 0xffff : 0);
            default -> raw(b, at, type, subtype, length);
        };
    }

    private static String raw(ByteBuffer b, int at, int type, int subtype, int length) {
        return "Path(%d,%d,%s)".formatted(type, subtype, HexFormat.of().formatHex(bytes(b, at + 4, Math.min(length - 4, 32))));
    }

    private static byte[] bytes(ByteBuffer b, int at, int n) {
        byte[] out = new byte[n];
        b.get(at, out);
        return out;
    }

    private static String ucs2(ByteBuffer b, int at, int size) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i + 1 < size; i += 2) {
            char c = b.getChar(at + i);
            if (c == 0) break;
            s.append(c);
        }
        return s.toString();
    }

    /** A GUID as text: the first three fields little-endian, the last eight bytes in order. */
    static String guid(ByteBuffer b, int at) {
        return "%08x-%04x-%04x-%s-%s".formatted(b.getInt(at), b.getShort(at + 4) & 0xffff, b.getShort(at + 6) & 0xffff,
                HexFormat.of().formatHex(bytes(b, at + 8, 2)), HexFormat.of().formatHex(bytes(b, at + 10, 6)));
    }

    private static KexecException bad(String problem) {
        return new KexecException("EFI load option " + problem, "the firmware's boot entry is damaged; efibootmgr -v"
                + " shows what the firmware holds");
    }
}
