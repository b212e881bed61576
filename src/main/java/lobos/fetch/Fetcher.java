package lobos.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.path.Location;
import lobos.path.Scheme;
import lobos.path.Sha256;

/**
 * Downloads URLs with the protocol's {@link RemoteFetcher}, retrying transient failures with
 * backoff (1, 2, 4... seconds, at most 30), and checks integrity: a {@code #sha256=<hex>} on the
 * path, or else a {@code .sha256} file beside the file on the server ({@code sha256sum}'s format)
 * if there is one.
 */
public final class Fetcher {
    private static final Pattern SHA256_LINE = Pattern.compile("^([0-9a-fA-F]{64})\\b");

    private final Map<Scheme, RemoteFetcher> protocols = new EnumMap<>(Scheme.class);
    private final FetchOptions options;
    private final Sleeper sleeper;

    /** Waits between attempts; a seam so tests need not wait. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    public Fetcher(List<RemoteFetcher> fetchers, FetchOptions options) {
        this(fetchers, options, Thread::sleep);
    }

    public Fetcher(List<RemoteFetcher> fetchers, FetchOptions options, Sleeper sleeper) {
        for (RemoteFetcher f : fetchers) {
            for (Scheme s : f.schemes()) protocols.put(s, f);
        }
        this.options = options;
        this.sleeper = sleeper;
    }

    public FetchOptions options() {
        return options;
    }

    /**
     * Fetches {@code url} into {@code dest} (created or truncated), at most {@code limit} bytes,
     * and verifies it against {@code expected} or the server's .sha256 file.
     */
    public void download(Location.Url url, Sha256 expected, Path dest, long limit, Progress progress)
            throws IOException {
        try (FileChannel channel = FileChannel.open(dest, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING)) {
            Sink sink = new Sink(channel, limit);
            withRetries(url, () -> protocol(url).fetch(url, sink, options, progress));
        }
        Sha256 wanted = expected != null ? expected : published(url);
        if (wanted != null) verify(url, dest, wanted);
    }

    /** The names in a remote directory. */
    public List<String> list(Location.Url url) throws IOException {
        return protocol(url).list(url, options);
    }

    private RemoteFetcher protocol(Location.Url url) throws FetchException {
        RemoteFetcher f = protocols.get(url.scheme());
        if (f == null) {
            throw new FetchException("lobos cannot fetch " + url.scheme().prefix() + " URLs in this build",
                    "use one of " + protocols.keySet(), false);
        }
        return f;
    }

    private interface Attempt {
        void run() throws IOException;
    }

    private void withRetries(Location.Url url, Attempt attempt) throws IOException {
        long delay = 1000;
        for (int tried = 0; ; tried++) {
            try {
                attempt.run();
                return;
            } catch (FetchException e) {
                if (!e.transient_() || tried >= options.retries()) throw e;
                System.err.println("lobos: " + e.getMessage() + "; trying again in " + delay / 1000 + " s ("
                        + (tried + 1) + " of " + options.retries() + ")");
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new FetchException("interrupted while fetching " + url.redacted(), null, false, ie);
                }
                delay = Math.min(delay * 2, 30_000);
            }
        }
    }

    /** The checksum in {@code <url>.sha256} on the server, or null if the server has none. */
    private Sha256 published(Location.Url url) throws IOException {
        Location.Url sidecar = new Location.Url(url.scheme(), url.user(), url.password(), url.host(), url.port(),
                url.rawPath() + ".sha256", url.rawQuery());
        Path tmp = Files.createTempFile("lobos-", ".sha256");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                protocol(url).fetch(sidecar, new Sink(channel, 64 * 1024), options, Progress.NONE);
            } catch (NotFoundException e) {
                return null;
            }
            Matcher m = SHA256_LINE.matcher(Files.readString(tmp, StandardCharsets.UTF_8).strip());
            if (!m.find()) {
                throw new FetchException(sidecar.redacted() + " holds no SHA-256 checksum",
                        "it should hold a line as sha256sum prints it; fix or remove it", false);
            }
            return new Sha256(m.group(1).toLowerCase(java.util.Locale.ROOT));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Throws unless the file's SHA-256 is {@code expected}. */
    public static void verify(Location url, Path file, Sha256 expected) throws IOException {
        String actual = sha256(file);
        if (!expected.hex().equalsIgnoreCase(actual)) {
            String where = url instanceof Location.Url u ? u.redacted() : url.text();
            throw new FetchException(where + " has SHA-256 " + actual + ", expected " + expected.hex(),
                    "the file changed or was damaged on the way; do not boot it", false);
        }
    }

    /** The SHA-256 of a file, in lower-case hex as sha256sum prints it. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Channels.newInputStream(FileChannel.open(file))) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
