package lobos.fetch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A file written beside its destination and renamed over it only when complete: a failure
 * leaves the destination as it was, and a reader never sees half a file. The part file gets a
 * new random name and is created with O_CREAT|O_EXCL, which never follows a symbolic link
 * and never opens a file that was there before, so nobody can plant a link where lobos will
 * write (in a shared directory, root would otherwise overwrite whatever the link names). It
 * stays open from creation to rename: lobos writes through its own descriptor, never through
 * the name again. The rename replaces a link at the destination itself, not what it points to.
 */
public final class ReplacingFile implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path target;
    private final Path part;
    private final FileChannel channel;
    private boolean committed;

    private ReplacingFile(Path target, Path part, FileChannel channel) {
        this.target = target;
        this.part = part;
        this.channel = channel;
    }

    /** A new, empty part file in {@code target}'s directory. */
    public static ReplacingFile beside(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        String name = absolute.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            Path part = dir.resolve(name + "." + HexFormat.of().toHexDigits(RANDOM.nextInt()) + ".part");
            try {
                return new ReplacingFile(target, part, FileChannel.open(part, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, StandardOpenOption.READ));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) throw e; // ten random names taken: someone is guessing along
            } catch (IOException e) {
                throw cannotCreate(target, dir, e);
            }
        }
    }

    /** Where the bytes go until {@link #commit()}. */
    public FileChannel channel() {
        return channel;
    }

    /** The part file's name (for messages and tests). */
    public Path part() {
        return part;
    }

    /** Writes the data to the disk and renames the part file to the destination, atomically. */
    public void commit() throws IOException {
        channel.force(true);
        channel.close();
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FetchException("cannot replace " + target + ": it is a directory",
                        "give a file name, or the directory alone to keep the source's name", false, e);
            }
            throw new FetchException("cannot rename " + part + " to " + target + ": " + reason(e),
                    "check the permissions of " + target.toAbsolutePath().getParent(), false, e);
        }
        committed = true;
    }

    /** Without a commit: removes the part file. */
    @Override
    public void close() throws IOException {
        if (committed) return;
        channel.close();
        Files.deleteIfExists(part);
    }

    /** Says what is wrong with the directory and what to do, rather than only naming a path. */
    private static FetchException cannotCreate(Path target, Path dir, IOException e) {
        String write = "cannot write " + target + ": ";
        if (!Files.exists(dir)) {
            Path missing = dir;
            while (missing.getParent() != null && !Files.exists(missing.getParent())) missing = missing.getParent();
            return new FetchException(write + "the directory " + dir + " does not exist"
                    + (missing.equals(dir) ? "" : " (nor does " + missing + ")"),
                    "create it first (mkdir -p " + dir + "), or give another destination", false, e);
        }
        if (!Files.isDirectory(dir)) {
            return new FetchException(write + dir + " is not a directory", "give a destination inside a directory", false, e);
        }
        if (e instanceof AccessDeniedException) {
            return new FetchException(write + "no permission to create files in " + dir,
                    "give a destination in a directory you may write to", false, e);
        }
        return new FetchException(write + reason(e), "check the directory " + dir + " and its file system", false, e);
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
    }
}
