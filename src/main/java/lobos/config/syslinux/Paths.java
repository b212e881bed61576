package lobos.config.syslinux;

import java.util.ArrayList;
import java.util.List;

/** Absolute slash paths on a volume: joining and {@code ..} handling, never above the root. */
final class Paths {
    private Paths() {}

    /** {@code name} made absolute against directory {@code dir}, with . and .. removed. */
    static String normalize(String dir, String name) {
        String joined = name.startsWith("/") ? name : dir + "/" + name;
        List<String> parts = new ArrayList<>();
        for (String p : joined.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (!parts.isEmpty()) parts.removeLast();
            } else {
                parts.add(p);
            }
        }
        return "/" + String.join("/", parts);
    }

    static String parent(String file) {
        int slash = file.lastIndexOf('/');
        return slash <= 0 ? "/" : file.substring(0, slash);
    }
}
