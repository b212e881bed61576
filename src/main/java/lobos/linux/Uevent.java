package lobos.linux;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A kernel device event ("uevent") as the kernel sends it on {@link NetlinkSocket#UEVENT}: a
 * header {@code ACTION@DEVPATH}, then {@code KEY=VALUE} fields, each ended by a NUL byte:
 *
 * <pre>add@/devices/pci0000:00/0000:00:04.0/virtio1/block/vda\0ACTION=add\0DEVPATH=/devices/...\0
 * SUBSYSTEM=block\0MAJOR=254\0MINOR=0\0DEVNAME=vda\0DEVTYPE=disk\0SEQNUM=1234\0</pre>
 *
 * Only the kernel's own messages are read: udev's re-sent ones begin with "libudev" and a
 * binary header, and {@link #parse} ignores them. Anything else that does not have this shape
 * is a {@link UeventException}. Pure: no I/O.
 *
 * @param devpath    the device's path under /sys ("/devices/..."), without "." or ".." segments
 * @param properties every field in order, ACTION, DEVPATH and SUBSYSTEM included
 */
public record Uevent(Action action, String devpath, Map<String, String> properties) {
    /** What happened to the device (lib/kobject_uevent.c's kobject_actions). */
    public enum Action {
        ADD, REMOVE, CHANGE, MOVE, ONLINE, OFFLINE, BIND, UNBIND;

        /** The kernel's word for it: "add", "remove"... */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Action of(String word) {
            for (Action a : values()) {
                if (a.word().equals(word)) return a;
            }
            return null;
        }
    }

    private static final byte[] LIBUDEV = "libudev\0".getBytes(StandardCharsets.US_ASCII);

    public Uevent {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * An event with the fields the kernel always sends (ACTION, DEVPATH, SUBSYSTEM) first, then
     * {@code more} as alternating keys and values: for tests and fakes.
     */
    public static Uevent of(Action action, String devpath, String subsystem, String... more) {
        if (more.length % 2 != 0) throw new IllegalArgumentException("keys and values must pair up");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ACTION", action.word());
        p.put("DEVPATH", devpath);
        p.put("SUBSYSTEM", subsystem);
        for (int i = 0; i < more.length; i += 2) p.put(more[i], more[i + 1]);
        return new Uevent(action, devpath, p);
    }

    /**
     * Reads one datagram from the uevent socket: the event, or empty for a message that is not
     * the kernel's (udev's "libudev" messages).
     *
     * @throws UeventException if it is neither
     */
    public static Optional<Uevent> parse(byte[] message) {
        if (startsWith(message, LIBUDEV)) return Optional.empty();
        int headerEnd = indexOf(message, 0);
        String header = text(message, 0, headerEnd);
        int at = header.indexOf('@');
        if (at <= 0) throw new UeventException("uevent header \"" + shorten(header) + "\" is not ACTION@DEVPATH", 0);
        Action action = Action.of(header.substring(0, at));
        if (action == null) {
            throw new UeventException("unknown uevent action \"" + shorten(header.substring(0, at)) + "\"", 0);
        }
        String devpath = header.substring(at + 1);
        checkDevpath(devpath, 0);
        Map<String, String> properties = new LinkedHashMap<>();
        for (int start = headerEnd + 1; start < message.length; ) {
            int end = indexOf(message, start);
            if (end > start) {
                String field = text(message, start, end);
                int eq = field.indexOf('=');
                if (eq <= 0 || !isKey(field.substring(0, eq))) {
                    throw new UeventException("uevent field \"" + shorten(field) + "\" is not KEY=VALUE", start);
                }
                properties.put(field.substring(0, eq), field.substring(eq + 1));
            }
            start = end + 1;
        }
        require(properties, "ACTION", action.word(), headerEnd + 1);
        require(properties, "DEVPATH", devpath, headerEnd + 1);
        String subsystem = properties.get("SUBSYSTEM");
        if (subsystem == null || subsystem.isEmpty() || subsystem.contains("/")) {
            throw new UeventException("uevent for " + shorten(devpath) + " has no valid SUBSYSTEM", headerEnd + 1);
        }
        String devname = properties.get("DEVNAME");
        if (devname != null && !isRelativeName(devname)) {
            throw new UeventException("uevent DEVNAME \"" + shorten(devname) + "\" is not a name under /dev",
                    headerEnd + 1);
        }
        String seqnum = properties.get("SEQNUM");
        if (seqnum != null && !seqnum.matches("[0-9]{1,19}")) {
            throw new UeventException("uevent SEQNUM \"" + shorten(seqnum) + "\" is not a number", headerEnd + 1);
        }
        return Optional.of(new Uevent(action, devpath, properties));
    }

    /** The message as the kernel would send it: the inverse of {@link #parse}. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((action.word() + "@" + devpath).getBytes(StandardCharsets.UTF_8));
        out.write(0);
        properties.forEach((k, v) -> {
            out.writeBytes((k + "=" + v).getBytes(StandardCharsets.UTF_8));
            out.write(0);
        });
        return out.toByteArray();
    }

    public String get(String key) {
        return properties.get(key);
    }

    /** SUBSYSTEM: "block", "net", "pci", "usb", "scsi"... */
    public String subsystem() {
        return properties.get("SUBSYSTEM");
    }

    /** DEVTYPE: "disk" or "partition" for block devices, "usb_interface"...; null if none. */
    public String devtype() {
        return properties.get("DEVTYPE");
    }

    /** DEVNAME: the device node's name under /dev ("sdb1", "bus/usb/001/002"); null if none. */
    public String devname() {
        return properties.get("DEVNAME");
    }

    /** MODALIAS: what module aliases are matched against; null if the device has none. */
    public String modalias() {
        return properties.get("MODALIAS");
    }

    /** INTERFACE: a network device's name, for SUBSYSTEM=net; null otherwise. */
    public String interfaceName() {
        return properties.get("INTERFACE");
    }

    /** SEQNUM, the kernel's event counter; -1 if absent. */
    public long seqnum() {
        String s = properties.get("SEQNUM");
        return s == null ? -1 : Long.parseUnsignedLong(s);
    }

    /** The last segment of DEVPATH: the kernel object's own name ("sdb1", "0000:00:04.0"). */
    public String kernelName() {
        return devpath.substring(devpath.lastIndexOf('/') + 1);
    }

    private static void require(Map<String, String> properties, String key, String expected, int offset) {
        String value = properties.get(key);
        if (value == null) {
            throw new UeventException("uevent for " + shorten(expected) + " has no " + key, offset);
        }
        if (!value.equals(expected)) {
            throw new UeventException("uevent " + key + "=" + shorten(value) + " differs from its header ("
                    + shorten(expected) + ")", offset);
        }
    }

    private static void checkDevpath(String devpath, int offset) {
        if (!devpath.startsWith("/") || devpath.length() < 2 || devpath.endsWith("/")) {
            throw new UeventException("uevent DEVPATH \"" + shorten(devpath) + "\" is not a path under /sys", offset);
        }
        for (String segment : devpath.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new UeventException("uevent DEVPATH \"" + shorten(devpath) + "\" is not a plain path under /sys",
                        offset);
            }
        }
    }

    private static boolean isRelativeName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/")) return false;
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) return false;
        }
        return true;
    }

    private static boolean isKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) return false;
        }
        return true;
    }

    private static boolean startsWith(byte[] message, byte[] prefix) {
        if (message.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (message[i] != prefix[i]) return false;
        }
        return true;
    }

    /** The index of the next NUL from {@code start}, or the length if there is none (the kernel ends every field). */
    private static int indexOf(byte[] message, int start) {
        for (int i = start; i < message.length; i++) {
            if (message[i] == 0) return i;
        }
        return message.length;
    }

    private static String text(byte[] message, int start, int end) {
        return new String(message, start, end - start, StandardCharsets.UTF_8);
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
