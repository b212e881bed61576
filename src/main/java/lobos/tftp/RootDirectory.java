package lobos.tftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Serves the regular files under one directory, the way {@code in.tftpd -s DIR} does:
 * {@code /boot/vmlinuz} and {@code boot/vmlinuz} both name {@code DIR/boot/vmlinuz}.
 * Backslashes count as slashes (Windows-style PXE clients send them). A name with a ".."
 * component is refused; one that leads through a symbolic link to outside the directory is
 * answered as if there were no such file, whether or not the link's target exists.
 */
public final class RootDirectory implements TftpFiles {
    private final Path root;

    public RootDirectory(Path root) throws IOException {
        this.root = root.toRealPath();
        if (!Files.isDirectory(this.root)) {
            throw new TftpException("TFTP root " + root + " is not a directory", "give the directory to serve files from");
        }
    }

    public Path root() {
        return root;
    }

    /** The path {@code name} maps to under the root; throws for a name that climbs out of it. */
    public Path resolve(String name) {
        if (name.indexOf('\0') >= 0) throw new TftpException("refused a file name with a NUL character", "name a file");
        Path path = root;
        for (String part : name.replace('\\', '/').split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                throw new TftpException("refused \"" + name + "\": \"..\" is not allowed in TFTP file names", "name files relative to the TFTP root");
            }
            path = path.resolve(part);
        }
        return path;
    }

    /**
     * The file for {@code name}. A name whose path leads outside the root through a symbolic
     * link, or that cannot be resolved at all, is answered as a missing file: a different answer
     * would tell a client what exists outside the root.
     */
    @Override
    public Optional<TftpContent> lookup(String name, InetSocketAddress client) throws IOException {
        Path path = resolve(name);
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) { // missing, or a directory on the way that may not be searched
            return Optional.empty();
        }
        if (!real.startsWith(root)) return Optional.empty();
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isDirectory(real)) throw new TftpException("refused \"" + name + "\": it is a directory", "request a file");
            return Optional.empty();
        }
        if (!Files.isReadable(real)) throw new TftpException("refused \"" + name + "\": not readable", "check the file's permissions");
        return Optional.of(TftpContent.of(real));
    }
}
