package lobos.server.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a request path leads under a served directory, or why it may not: a path with {@code ..}
 * or {@code .} segments, a backslash or NUL, or one that leads (through a symbolic link) outside
 * the directory is refused; so is anything that is not a regular file.
 */
final class ServedFiles {
    /** What a path names: a file to send, nothing, or something refused with the reason. */
    sealed interface Lookup {}

    record Found(Path file, String relative) implements Lookup {}

    record Missing() implements Lookup {}

    record Refused(String why) implements Lookup {}

    private ServedFiles() {}

    /** @param relative the request path below the directory's prefix, starting with '/' */
    static Lookup lookup(Path root, String relative) {
        if (relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0) return new Refused("a NUL or backslash in the path");
        Path path = root;
        for (String part : relative.split("/")) {
            if (part.isEmpty()) continue;
            if (part.equals("..") || part.equals(".")) return new Refused("\"" + part + "\" in the path");
            path = path.resolve(part);
        }
        try {
            Path realRoot = root.toRealPath();
            Path real = path.toRealPath();
            if (!real.startsWith(realRoot)) return new Refused("it leads outside " + root + " (a symbolic link)");
            if (!Files.isRegularFile(real)) return Files.isDirectory(real) ? new Refused("it is a directory") : new Missing();
            return new Found(real, "/" + realRoot.relativize(real).toString().replace('\\', '/'));
        } catch (NoSuchFileException e) {
            return new Missing();
        } catch (IOException e) {
            return new Refused(e.getMessage());
        }
    }
}
