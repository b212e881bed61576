package lobos.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The mounts the kernel reports in /proc/self/mounts. */
public final class MountTable {
    /** File systems that hold no data of their own: nothing to flush or unmount before a kexec. */
    private static final Set<String> VIRTUAL = Set.of("proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "ramfs",
            "rootfs", "cgroup", "cgroup2", "securityfs", "debugfs", "tracefs", "pstore", "efivarfs", "bpf",
            "mqueue", "hugetlbfs", "configfs", "fusectl", "binfmt_misc", "autofs", "nsfs", "overlay", "squashfs");

    public record Mount(String source, String target, String type, String options) {
        /** Whether it is backed by a device or a server, so its data must be flushed before a kexec. */
        public boolean holdsData() {
            return !VIRTUAL.contains(type);
        }

        public boolean readOnly() {
            return List.of(options.split(",")).contains("ro");
        }
    }

    private MountTable() {}

    public static List<Mount> read() throws IOException {
        return parse(Files.readString(Path.of("/proc/self/mounts")));
    }

    /** Parses the mounts(5) format: fields separated by spaces, octal escapes (\040) inside fields. */
    public static List<Mount> parse(String text) {
        List<Mount> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 4) continue;
            out.add(new Mount(unescape(f[0]), unescape(f[1]), f[2], f[3]));
        }
        return out;
    }

    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
