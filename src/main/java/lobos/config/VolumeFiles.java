package lobos.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads config files from a {@link Volume} without leaving it. Symbolic links are followed
 * inside the volume: an absolute link on a mounted disk names a path on that disk, not on this
 * machine, and {@code ..} stops at the volume's root. Files are read whole but bounded in size.
 */
public final class VolumeFiles {
    /** Larger than any boot config seen in the wild; a bigger file is not a config. */
    public static final int MAX_CONFIG_BYTES = 1 << 20;
    private static final int MAX_LINKS = 40;

    private VolumeFiles() {}

    /** The file on this machine for {@code path} on the volume, or empty if nothing is there. */
    public static Optional<Path> resolve(Volume volume, String path) {
        Deque<String> todo = new ArrayDeque<>(components(path));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            if (name.equals("..")) {
                if (!done.isEmpty()) done.removeLast();
                continue;
            }
            Path here = join(volume.root(), done).resolve(name);
            if (Files.isSymbolicLink(here)) {
                if (++links > MAX_LINKS) return Optional.empty();
                String target;
                try {
                    target = Files.readSymbolicLink(here).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    return Optional.empty();
                }
                if (target.startsWith("/")) done.clear();
                List<String> parts = components(target);
                for (int i = parts.size() - 1; i >= 0; i--) todo.addFirst(parts.get(i));
            } else if (Files.exists(here, LinkOption.NOFOLLOW_LINKS)) {
                done.add(name);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(join(volume.root(), done));
    }

    public static boolean exists(Volume volume, String path) {
        return resolve(volume, path).isPresent();
    }

    /**
     * The text of a config file, or empty if it does not exist.
     *
     * @throws ConfigException if it exists but is a directory, too large, binary or unreadable
     */
    public static Optional<String> readText(Volume volume, String path) {
        Optional<Path> file = resolve(volume, path);
        if (file.isEmpty()) return Optional.empty();
        String where = volume.where(path);
        try {
            if (Files.isDirectory(file.get())) {
                throw new ConfigException(where + ": is a directory, not a config file", null);
            }
            long size = Files.size(file.get());
            if (size > MAX_CONFIG_BYTES) {
                throw new ConfigException(where + ": " + size + " bytes, more than a config file can be ("
                        + MAX_CONFIG_BYTES + ")", "Check that the file really is a boot config.");
            }
            return Optional.of(text(Files.readAllBytes(file.get()), where));
        } catch (IOException e) {
            throw new ConfigException(where + ": cannot read: " + e.getMessage(),
                    "Check the file's permissions and the file system.", e);
        }
    }

    /** A loader for includes and chained scripts: paths are taken from the volume's root. */
    public static TextLoader loader(Volume volume) {
        return path -> readText(volume, path);
    }

    /** Decodes a config file: UTF-8 (bad bytes replaced); a NUL byte means it is not text at all. */
    public static String text(byte[] bytes, String where) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new ConfigException(where + ": not a text file (NUL byte at offset " + i + ")",
                        "A boot config is plain text; this file is something else.");
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) out.add(part);
        }
        return out;
    }

    private static Path join(Path root, List<String> names) {
        Path p = root;
        for (String n : names) p = p.resolve(n);
        return p;
    }
}
