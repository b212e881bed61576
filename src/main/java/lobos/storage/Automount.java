package lobos.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lobos.path.Location;

/**
 * Which fstab entries must be mounted to reach a path of the booted system, in mount order:
 * {@code /home/user/kernel} needs {@code /} and then {@code /home} (kboot's "cd" behaviour).
 * Pure: the caller mounts.
 *
 * <p>Rules: swap, pseudo file systems (proc, sysfs, tmpfs...), bind mounts and mount points
 * that are not absolute are never used; {@code noauto} entries are (lobos mounts on demand,
 * and /boot is often noauto); when two lines name the same mount point the later one wins,
 * as it would be mounted on top.
 */
public final class Automount {
    private Automount() {}

    /** Kernel-provided file systems: nothing to boot on them. */
    private static final Set<String> PSEUDO = Set.of("proc", "sysfs", "devpts", "devtmpfs", "tmpfs", "ramfs", "cgroup", "cgroup2",
            "securityfs", "debugfs", "tracefs", "configfs", "pstore", "efivarfs", "bpf", "mqueue", "hugetlbfs", "autofs",
            "fusectl", "binfmt_misc", "rpc_pipefs", "nfsd", "none", "swap");

    /**
     * The plan for reaching {@code path}.
     *
     * @param mounts the entries to mount, outermost first (the root first if fstab has one)
     * @param inside the path inside the innermost mount's file system ("/user/kernel" for /home/user/kernel)
     */
    public record Plan(List<FstabEntry> mounts, String inside) {
        public Plan {
            mounts = List.copyOf(mounts);
        }
    }

    public static Plan plan(List<FstabEntry> fstab, Location.Booted path) {
        Map<String, FstabEntry> byMountPoint = new LinkedHashMap<>();
        for (FstabEntry e : fstab) {
            if (usable(e)) byMountPoint.put(e.mountPoint(), e);
        }
        List<FstabEntry> mounts = new ArrayList<>();
        for (FstabEntry e : byMountPoint.values()) {
            if (covers(e.mountPoint(), path.path())) mounts.add(e);
        }
        mounts.sort(Comparator.comparingInt(e -> depth(e.mountPoint())));
        String inside = path.path();
        if (!mounts.isEmpty()) {
            String innermost = mounts.getLast().mountPoint();
            inside = innermost.equals("/") ? inside : inside.substring(innermost.length());
            if (inside.isEmpty()) inside = "/";
        }
        return new Plan(mounts, inside);
    }

    private static boolean usable(FstabEntry e) {
        return e.mountPoint().startsWith("/") && !PSEUDO.contains(e.type()) && !e.options().contains("bind")
                && !e.options().contains("rbind") && booted(e.mountPoint()) != null;
    }

    /** The mount point as a normalized booted path, or null if it is not one (e.g. "/mnt/../x"). */
    private static Location booted(String mountPoint) {
        try {
            return new Location.Booted(mountPoint);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean covers(String mountPoint, String path) {
        return mountPoint.equals("/") || path.equals(mountPoint) || path.startsWith(mountPoint + "/");
    }

    private static int depth(String mountPoint) {
        return mountPoint.equals("/") ? 0 : (int) mountPoint.chars().filter(c -> c == '/').count();
    }
}
