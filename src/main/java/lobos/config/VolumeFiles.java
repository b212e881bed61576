package lobos.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The one way every config format reads files from a {@link Volume}, with one set of rules:
 * <ul>
 * <li><b>Symbolic links stay in the volume.</b> A path is resolved name by name from the volume's
 *     root; an absolute link names a path on that volume (on a mounted disk, {@code /boot/x}
 *     means the disk's /boot/x, not this machine's), {@code ..} stops at the volume's root, and
 *     at most {@value #MAX_LINKS} links are followed. Nothing outside the volume is ever read.</li>
 * <li><b>Sizes are bounded.</b> A file is read whole, at most {@value #MAX_FILE_BYTES} bytes:
 *     larger than any boot config, grubenv or entry seen in the wild.</li>
 * <li><b>Text is text.</b> A NUL byte means the file is not a config at all; other bytes are
 *     decoded as UTF-8 (bad sequences replaced).</li>
 * <li><b>Directories are listed bounded</b>: names in sorted order, at most
 *     {@value #MAX_DIRECTORY_ENTRIES} of them.</li>
 * </ul>
 * Paths are volume paths ({@code /boot/grub/grub.cfg}, with or without the leading slash).
 */
public final class VolumeFiles {
    /** The most bytes a config (or grubenv, BLS entry, loader.conf) may have. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** The same bound under its earlier name (lobos.boot reads kboot.conf with it). */
    public static final int MAX_CONFIG_BYTES = MAX_FILE_BYTES;
    /** Entries read from one directory (Boot Loader Spec entries). */
    public static final int MAX_DIRECTORY_ENTRIES = 1000;
    private static final int MAX_LINKS = 40;

    private VolumeFiles() {}

    /** What is at a path. */
    public enum Kind { MISSING, FILE, DIRECTORY }

    /** A bounded directory listing: sorted names, and whether more were left out. */
    public record Listing(List<String> names, boolean truncated) {
        public Listing {
            names = List.copyOf(names);
        }
    }

    /**
     * The file on this machine for {@code path} on the volume, or empty if nothing is there (also
     * for a name this machine cannot have, such as one with a NUL byte).
     */
    public static Optional<Path> resolve(Volume volume, String path) {
        try {
            return walk(volume, path);
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> walk(Volume volume, String path) {
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

    public static Kind kind(Volume volume, String path) {
        Optional<Path> p = resolve(volume, path);
        if (p.isEmpty()) return Kind.MISSING;
        return Files.isDirectory(p.get(), LinkOption.NOFOLLOW_LINKS) ? Kind.DIRECTORY : Kind.FILE;
    }

    /** The size of a file in bytes; 0 if it is missing or cannot be read. */
    public static long size(Volume volume, String path) {
        Optional<Path> p = resolve(volume, path);
        try {
            return p.isEmpty() ? 0 : Files.size(p.get());
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The bytes of a file, or empty if it does not exist.
     *
     * @throws ConfigException if it exists but is a directory, larger than {@link #MAX_FILE_BYTES}
     *                         or unreadable
     */
    public static Optional<byte[]> readBytes(Volume volume, String path) {
        Optional<Path> file = resolve(volume, path);
        if (file.isEmpty()) return Optional.empty();
        String where = volume.where(path);
        try {
            if (Files.isDirectory(file.get())) {
                throw new ConfigException(where + ": is a directory, not a config file", null);
            }
            long size = Files.size(file.get());
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(where + ": " + size + " bytes, more than a config file can be ("
                        + MAX_FILE_BYTES + ")", "Check that the file really is a boot config.");
            }
            return Optional.of(Files.readAllBytes(file.get()));
        } catch (IOException e) {
            throw new ConfigException(where + ": cannot read: " + e.getMessage(),
                    "Check the file's permissions and the file system.", e);
        }
    }

    /**
     * The text of a config file, or empty if it does not exist.
     *
     * @throws ConfigException if it exists but is a directory, too large, binary or unreadable
     */
    public static Optional<String> readText(Volume volume, String path) {
        return readBytes(volume, path).map(bytes -> text(bytes, volume.where(path)));
    }

    /**
     * The names in a directory that end in {@code suffix}, sorted, at most
     * {@link #MAX_DIRECTORY_ENTRIES} (the first by name).
     *
     * @throws ConfigException if it is not a directory or cannot be listed
     */
    public static Listing list(Volume volume, String dir, String suffix) {
        Optional<Path> d = resolve(volume, dir);
        String where = volume.where(dir);
        if (d.isEmpty() || !Files.isDirectory(d.get())) throw new ConfigException(where + ": not a directory", null);
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(d.get())) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (!name.endsWith(suffix)) continue;
                names.add(name);
                // keep the first names in sorted order without holding a huge directory
                if (names.size() > 4 * MAX_DIRECTORY_ENTRIES) {
                    names.sort(null);
                    names.subList(MAX_DIRECTORY_ENTRIES + 1, names.size()).clear();
                }
            }
        } catch (IOException | SecurityException e) {
            throw new ConfigException(where + ": cannot list: " + e.getMessage(), null);
        }
        names.sort(null);
        boolean truncated = names.size() > MAX_DIRECTORY_ENTRIES;
        return new Listing(truncated ? names.subList(0, MAX_DIRECTORY_ENTRIES) : names, truncated);
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

    /** {@code name} inside volume directory {@code dir}. */
    public static String child(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
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
