package lobos.config.syslinux;

import lobos.path.Segments;

/** Absolute slash paths on a volume: joining and {@code ..} handling, never above the root. */
final class Paths {
    private Paths() {}

    /** {@code name} made absolute against directory {@code dir}, with . and .. removed. */
    static String normalize(String dir, String name) {
        return Segments.normalizeAbsolute(name.startsWith("/") ? name : dir + "/" + name);
    }

    static String parent(String file) {
        int slash = file.lastIndexOf('/');
        return slash <= 0 ? "/" : file.substring(0, slash);
    }
}
