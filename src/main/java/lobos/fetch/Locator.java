package lobos.fetch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lobos.path.Location;
import lobos.path.ParsedPath;
import lobos.path.Sha256;

/**
 * Files for generalized paths. A path Linux can reach through a file system (the loader's
 * own, the booted system's, a device's, an NFS export) is used in place, mounting what it
 * needs; a URL is downloaded into a memory file (or a file the caller names). Nothing is
 * copied that need not be.
 */
public final class Locator {
    /** Makes the file a download goes to (a memfd in the loader, a temp file in tests). */
    public interface Downloads {
        Path newFile(String name) throws IOException;
    }

    private final Storage storage;
    private final Fetcher fetcher;
    private final Downloads downloads;

    public Locator(Storage storage, Fetcher fetcher, Downloads downloads) {
        this.storage = storage;
        this.fetcher = fetcher;
        this.downloads = downloads;
    }

    /**
     * A readable file for {@code location}, at most {@code limit} bytes (checked before a
     * download fills memory), verified against the path's {@code #sha256=} when it has one.
     */
    public Path file(Location location, Sha256 sha256, long limit, Progress progress) throws IOException {
        if (location instanceof Location.Url url) {
            Path dest = downloads.newFile(name(url.path()));
            fetcher.download(url, sha256, dest, limit, progress);
            return dest;
        }
        Path file = local(location);
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException(location.text() + ": no such file" + (Files.isDirectory(file)
                    ? " (it is a directory)" : ""), "lobos ls shows what is there");
        }
        if (Files.size(file) > limit) {
            throw new FetchException(location.text() + " is " + Files.size(file) + " bytes, more than " + limit,
                    "is it the right file?", false);
        }
        if (sha256 != null) Fetcher.verify(location, file, sha256);
        return file;
    }

    /**
     * Copies what {@code location} names into {@code out} (emptied first), at most {@code limit}
     * bytes: a URL is downloaded straight into it, a file is copied. The checksum of the path's
     * {@code #sha256=} (or, for a URL, the server's .sha256 file) is checked on the copy, so the
     * bytes checked are the bytes kept. A file copy has the fetch deadline too (a hung NFS
     * server or a dying disk), and a file that shrinks or cannot be read part way (its disk went
     * away) is an error, never a short copy.
     */
    public void copy(ParsedPath parsed, Location location, FileChannel out, long limit, Progress progress) throws IOException {
        Sha256 sha256 = parsed.digest().orElse(null);
        if (location instanceof Location.Url url) {
            fetcher.download(url, sha256, out, limit, progress);
            return;
        }
        Path file = file(location, null, limit, Progress.NONE);
        out.truncate(0);
        Deadline deadline = new Deadline(fetcher.options().deadline(), System::nanoTime);
        try (FileChannel in = FileChannel.open(file)) {
            long size = in.size();
            progress.start(location.text(), size);
            long at = 0;
            // a file that grew since its size was checked is cut at the limit, and then refused
            while (at <= limit) {
                if (deadline.passed()) throw deadline.exceeded(location.text(), null);
                long n;
                try {
                    long room = limit - at; // one byte more than fits is read, to see that it does not
                    n = in.transferTo(at, room >= 1L << 20 ? 1L << 20 : room + 1, out);
                } catch (IOException e) {
                    throw new FetchException("cannot read " + location.text() + " after " + at + " of " + size + " bytes: "
                            + e.getMessage(), "its disk or file system may have gone away: check it (lobos devices) and try again", false, e);
                }
                if (n <= 0) break;
                at += n;
                progress.update(at);
            }
            if (at < size) {
                throw new FetchException(location.text() + " shrank from " + size + " to " + at + " bytes while it was copied",
                        "it changed, or its disk or file system went away, while lobos read it: check it and try again", false);
            }
            progress.end(true);
        }
        if (out.size() > limit) {
            throw new FetchException(location.text() + " grew past " + limit + " bytes while it was copied", "is it the right file?", false);
        }
        if (sha256 != null) Fetcher.verify(location, out, sha256);
    }

    /** Same, for a parsed path whose reading is already chosen. */
    public Path file(ParsedPath parsed, Location location, long limit, Progress progress) throws IOException {
        return file(location, parsed.digest().orElse(null), limit, progress);
    }

    /** The names in a directory, sorted; directories end with "/". */
    public List<String> list(Location location) throws IOException {
        if (location instanceof Location.Url url) return fetcher.list(url);
        Path dir = local(location);
        if (!Files.isDirectory(dir)) {
            throw new NotFoundException(location.text() + ": no such directory", "check the path");
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                names.add(p.getFileName() + (Files.isDirectory(p) ? "/" : ""));
            }
        }
        return names;
    }

    /** Where a file-system location is on this machine, mounting what it needs. */
    public Path local(Location location) {
        return switch (location) {
            case Location.Loader l -> Path.of(l.path());
            case Location.Booted b -> storage.booted(b);
            case Location.DeviceFile d -> under(storage.device(d.device()), d.path());
            case Location.Nfs n -> storage.nfs(n.host(), n.port(), n.path(), n.options());
            case Location.Relative r -> throw new FetchException("relative path " + r.text()
                    + " with no current directory", "give an absolute path", false);
            case Location.Device d -> throw new FetchException(d.text() + " is a whole device, not a file",
                    "name a file on it: " + d.device().text().replaceFirst("^/dev/", "") + ":/path", false);
            case Location.Variable v -> throw new FetchException(v.name() + " is a label, not a file",
                    "boot it by its name", false);
            case Location.Url u -> throw new FetchException(u.redacted() + " is not on a file system",
                    "fetch it instead", false);
        };
    }

    private static Path under(Path mountPoint, String path) {
        return path.equals("/") ? mountPoint : mountPoint.resolve(path.substring(1));
    }

    /** The last part of a location's path, to name a local copy (see {@link #name(String)}). */
    public static String fileName(Location location) {
        return name(location instanceof Location.Url u ? u.path() : location.text());
    }

    /**
     * A file name for what {@code path} names: its last component, or "download" when that is
     * empty or could name something else (".", "..", a NUL byte, a colon).
     */
    public static String name(String path) {
        String n = path.substring(path.lastIndexOf('/') + 1);
        boolean unusable = n.isEmpty() || n.equals(".") || n.equals("..") || n.indexOf('\0') >= 0 || n.contains(":");
        return unusable ? "download" : n;
    }
}
