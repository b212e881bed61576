package lobos.initramfs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects the files of an initramfs in memory (host files by reference) and writes them as
 * one newc archive, optionally compressed. The output depends only on what was added: entries
 * are written in byte order of their paths ("." first, every directory before what it holds,
 * as {@code find . | LC_ALL=C sort} lists them), missing parent directories are added with
 * mode 0755, owners default to 0:0, and every mtime is the builder's epoch.
 *
 * <p>Paths are relative to the initramfs root, without a leading "/" ("bin/busybox"); a leading
 * "/" is accepted and dropped. The root itself is ".", written first with mode 0755 unless set
 * with {@code directory(".", mode)}: the kernel applies its mode and owner to the rootfs root.
 */
public final class InitramfsBuilder {
    public static final int DEFAULT_DIRECTORY_MODE = 0755;
    static final String ROOT = ".";

    /** "." first, then the byte order of the UTF-8 paths: parents sort before their children. */
    static final Comparator<String> PATH_ORDER = (a, b) -> {
        if (a.equals(b)) return 0;
        if (a.equals(ROOT)) return -1;
        if (b.equals(ROOT)) return 1;
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    };

    private final long mtime;
    private final TreeMap<String, Node> nodes = new TreeMap<>(PATH_ORDER);

    /** A builder whose entries all have mtime 0. */
    public InitramfsBuilder() {
        this(0);
    }

    /** A builder whose entries all have the given mtime (seconds since 1970, like SOURCE_DATE_EPOCH). */
    public InitramfsBuilder(long mtime) {
        if (mtime < 0 || mtime > 0xFFFF_FFFFL) throw new InitramfsException("mtime " + mtime + " does not fit a cpio header", "use 0 .. 4294967295");
        this.mtime = mtime;
    }

    public InitramfsBuilder file(String path, byte[] data, int mode) {
        return add(path, new Node.File(Content.of(data), mode, 0, 0));
    }

    /** A file whose bytes are read from {@code hostFile} when the archive is written. */
    public InitramfsBuilder file(String path, Path hostFile, int mode) {
        return add(path, new Node.File(Content.of(hostFile), mode, 0, 0));
    }

    public InitramfsBuilder directory(String path, int mode) {
        return add(path, new Node.Directory(mode, 0, 0));
    }

    public InitramfsBuilder symlink(String path, String target) {
        return add(path, new Node.Symlink(target, 0, 0));
    }

    public InitramfsBuilder charDevice(String path, int mode, int major, int minor) {
        return add(path, new Node.Device(false, major, minor, mode, 0, 0));
    }

    public InitramfsBuilder blockDevice(String path, int mode, int major, int minor) {
        return add(path, new Node.Device(true, major, minor, mode, 0, 0));
    }

    /**
     * Adds what {@code hostDir} holds below {@code destDir}: directories, regular files (by
     * reference), symlinks (target as it is) and device nodes, with their permission bits;
     * owners become 0:0 and times the builder's epoch. {@code hostDir} itself is not added, so
     * {@code destDir} is 0755 unless added explicitly. FIFOs and sockets are an error.
     */
    public InitramfsBuilder tree(String destDir, Path hostDir) {
        String base = normalize(destDir);
        try {
            Files.walkFileTree(hostDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(hostDir)) add(destination(dir), new Node.Directory(permissions(dir), 0, 0));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Node node;
                    if (attrs.isSymbolicLink()) {
                        node = new Node.Symlink(Files.readSymbolicLink(file).toString(), 0, 0);
                    } else if (attrs.isRegularFile()) {
                        node = new Node.File(new Content.HostFile(file, attrs.size()), permissions(file), 0, 0);
                    } else {
                        node = device(file);
                    }
                    add(destination(file), node);
                    return FileVisitResult.CONTINUE;
                }

                private String destination(Path p) {
                    String rel = hostDir.relativize(p).toString();
                    return base.equals(ROOT) ? rel : base + "/" + rel;
                }
            });
        } catch (IOException e) {
            throw new InitramfsException("cannot read " + hostDir + ": " + e, "check that the directory exists and is readable", e);
        }
        return this;
    }

    /** Adds a node; adding the same node at the same path again is allowed, a different one is an error. */
    public InitramfsBuilder add(String path, Node node) {
        String p = normalize(path);
        check(p, node);
        for (String parent = parentOf(p); !parent.equals(ROOT); parent = parentOf(parent)) {
            Node n = nodes.get(parent);
            if (n != null && !(n instanceof Node.Directory)) {
                throw conflict("cannot add " + p + ": " + parent + " is a " + describe(n) + ", not a directory");
            }
        }
        Node old = nodes.get(p);
        if (old != null) {
            if (old.sameAs(node)) return this;
            throw conflict(p + " was added twice with different content: first " + describe(old) + ", then " + describe(node));
        }
        if (!(node instanceof Node.Directory)) {
            SortedMap<String, Node> below = nodes.subMap(p + "/", p + "0"); // '0' follows '/'
            if (!below.isEmpty()) throw conflict("cannot add " + p + " as a " + describe(node) + ": " + below.firstKey() + " is below it");
        }
        nodes.put(p, node);
        return this;
    }

    /** Everything that will be written, in archive order, with the root and implied parent directories. */
    public SortedMap<String, Node> entries() {
        TreeMap<String, Node> all = new TreeMap<>(PATH_ORDER);
        all.put(ROOT, new Node.Directory(DEFAULT_DIRECTORY_MODE, 0, 0));
        for (String p : nodes.keySet()) {
            for (String parent = parentOf(p); !parent.equals(ROOT); parent = parentOf(parent)) {
                all.putIfAbsent(parent, new Node.Directory(DEFAULT_DIRECTORY_MODE, 0, 0));
            }
        }
        all.putAll(nodes);
        return Collections.unmodifiableSortedMap(all);
    }

    /**
     * Data bytes (file contents and link targets) per top-level name: "usr" sums everything
     * below usr/, a file directly in the root ("init") counts on its own.
     */
    public SortedMap<String, Long> sizesByTopLevel() {
        SortedMap<String, Long> sizes = new TreeMap<>(PATH_ORDER);
        nodes.forEach((p, n) -> sizes.merge(p.split("/", 2)[0], n.size(), Long::sum));
        return sizes;
    }

    /** The size of the uncompressed archive {@link #writeTo} writes. */
    public long cpioSize() {
        long size = CpioWriter.trailerSize();
        for (var e : entries().entrySet()) size += CpioWriter.entrySize(e.getKey(), e.getValue().size());
        return size;
    }

    /** Writes the archive to {@code out}, compressed as asked; {@code out} is flushed, not closed. */
    public void writeTo(OutputStream out, Compression compression) throws IOException {
        SortedMap<String, Node> all = entries();
        Map<String, Long> subdirectories = new HashMap<>();
        all.forEach((p, n) -> {
            if (n instanceof Node.Directory && !p.equals(ROOT)) subdirectories.merge(parentOf(p), 1L, Long::sum);
        });
        try (OutputStream compressed = compression.compress(out)) {
            BufferedOutputStream buffered = new BufferedOutputStream(compressed, 1 << 16);
            CpioWriter writer = new CpioWriter(buffered, mtime);
            for (var e : all.entrySet()) {
                long nlink = e.getValue() instanceof Node.Directory ? 2 + subdirectories.getOrDefault(e.getKey(), 0L) : 1;
                writer.write(e.getKey(), e.getValue(), nlink);
            }
            writer.finish();
            buffered.flush();
        }
    }

    /** "bin/busybox" from "bin/busybox" or "/bin/busybox"; "." for the root; no "", "." or ".." components. */
    static String normalize(String path) {
        String p = path;
        while (p.startsWith("/")) p = p.substring(1);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.isEmpty() || p.equals(ROOT)) return ROOT;
        for (String c : p.split("/", -1)) {
            if (c.isEmpty() || c.equals(".") || c.equals("..") || c.indexOf('\0') >= 0) {
                throw new InitramfsException("bad initramfs path \"" + path + "\"", "use a relative path like bin/busybox, without empty, \".\" or \"..\" parts");
            }
        }
        if (p.getBytes(StandardCharsets.UTF_8).length >= CpioReader.PATH_MAX) {
            throw new InitramfsException("initramfs path " + p.substring(0, 64) + "... is longer than the kernel's PATH_MAX", "use a shorter path");
        }
        return p;
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? ROOT : path.substring(0, slash);
    }

    private static void check(String p, Node node) {
        if ((node.permissions() & ~FileType.PERMISSION_MASK) != 0) {
            throw new InitramfsException("mode " + Integer.toOctalString(node.permissions()) + " of " + p + " has more than permission bits", "give a mode like 0755 (07777 at most)");
        }
        if (node.uid() < 0 || node.gid() < 0) throw new InitramfsException("negative owner " + node.uid() + ":" + node.gid() + " for " + p, null);
        if (p.equals(ROOT) && !(node instanceof Node.Directory)) throw conflict("the root \".\" can only be a directory");
        switch (node) {
            case Node.Symlink s when s.size() == 0 || s.size() > CpioReader.PATH_MAX || s.target().indexOf('\0') >= 0 ->
                throw new InitramfsException("symlink " + p + " has a bad target \"" + s.target() + "\"", "a link target has 1 to 4096 bytes and no NUL");
            case Node.Device d when d.major() < 0 || d.major() > 0xfff || d.minor() < 0 || d.minor() > 0xfffff ->
                throw new InitramfsException("device " + p + " has number " + d.major() + ":" + d.minor() + ", out of range", "Linux device majors are 0..4095, minors 0..1048575");
            default -> {}
        }
    }

    private static int permissions(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & FileType.PERMISSION_MASK;
    }

    /** A device node from the host; Linux's dev_t keeps the major in bits 8-19 and 32-43, the minor in 0-7 and 20-31. */
    private static Node device(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        int major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
        int minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
        return switch (FileType.of(mode)) {
            case CHAR_DEVICE -> new Node.Device(false, major, minor, mode & FileType.PERMISSION_MASK, 0, 0);
            case BLOCK_DEVICE -> new Node.Device(true, major, minor, mode & FileType.PERMISSION_MASK, 0, 0);
            case null, default -> throw new InitramfsException("cannot copy " + p + ": it is a " + FileType.of(mode) + ", not a file, directory, link or device",
                    "remove FIFOs and sockets from the directory; the boot environment creates them at run time");
        };
    }

    private static String describe(Node n) {
        return switch (n) {
            case Node.File f -> "file (" + f.content().describe() + ", mode " + Integer.toOctalString(f.permissions()) + ")";
            case Node.Directory d -> "directory (mode " + Integer.toOctalString(d.permissions()) + ")";
            case Node.Symlink s -> "symlink to " + s.target();
            case Node.Device d -> (d.block() ? "block" : "character") + " device " + d.major() + ":" + d.minor();
        } + (n.uid() != 0 || n.gid() != 0 ? " owned by " + n.uid() + ":" + n.gid() : "");
    }

    private static InitramfsException conflict(String message) {
        return new InitramfsException(message, "each path may be added once (or again with the same content)");
    }
}
