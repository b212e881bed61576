package lobos.path;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexical path normalization. ".." is removed textually and never climbs above "/", like the
 * kernel does for "/..": a path on a device or NFS export can then never leave it once the
 * fetcher puts the mount point in front.
 */
public final class Segments {
    private Segments() {}

    /** "/a//b/./c/../d" becomes "/a/b/d"; "" and "/.." become "/". */
    public static String normalizeAbsolute(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (!out.isEmpty()) out.removeLast();
            } else {
                out.add(s);
            }
        }
        return "/" + String.join("/", out);
    }

    /** "a/./b/../../../c" becomes "../c"; an empty result is ".". */
    static String normalizeRelative(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..") && !out.isEmpty() && !out.getLast().equals("..")) {
                out.removeLast();
            } else {
                out.add(s);
            }
        }
        return out.isEmpty() ? "." : String.join("/", out);
    }

    /** {@code relative} appended to the absolute {@code directory}, normalized. */
    static String join(String directory, String relative) {
        return normalizeAbsolute(directory + "/" + relative);
    }

    static void requireNormalAbsolute(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0 || !normalizeAbsolute(path).equals(path)) {
            throw new IllegalArgumentException("not a normalized absolute path: " + path);
        }
    }

    static void requireNormalRelative(String path) {
        if (path == null || path.startsWith("/") || path.indexOf('\0') >= 0 || !normalizeRelative(path).equals(path)) {
            throw new IllegalArgumentException("not a normalized relative path: " + path);
        }
    }
}
