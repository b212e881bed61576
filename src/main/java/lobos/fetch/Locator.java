package lobos.fetch;

import java.io.IOException;
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

    private static String name(String path) {
        String n = path.substring(path.lastIndexOf('/') + 1);
        return n.isEmpty() ? "download" : n;
    }
}
