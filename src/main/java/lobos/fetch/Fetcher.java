package lobos.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.path.Location;
import lobos.path.Scheme;
import lobos.path.Sha256;

/**
 * Downloads URLs with the protocol's {@link RemoteFetcher}, retrying transient failures with
 * backoff (1, 2, 4... seconds, at most 30), and checks integrity: a {@code #sha256=<hex>} on the
 * path, or else a {@code .sha256} file beside the file on the server ({@code sha256sum}'s format)
 * if there is one, looked for while the file comes. A download, retries and waits included, ends
 * at {@link FetchOptions#deadline()}; the .sha256 look-up and a listing get at most
 * {@link #LOOKUP_DEADLINE} (or that deadline, if shorter). Each attempt runs on a virtual thread, which is interrupted at the deadline (socket
 * I/O on virtual threads ends when interrupted), and the sink refuses its writes from then on.
 */
public final class Fetcher {
    private static final Pattern SHA256_LINE = Pattern.compile("^([0-9a-fA-F]{64})\\b");

    /** The most a .sha256 look-up or a directory listing may take: both are small. */
    public static final Duration LOOKUP_DEADLINE = Duration.ofMinutes(1);

    /** How long an attempt interrupted at the deadline gets to close its connections. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final Map<Scheme, RemoteFetcher> protocols = new EnumMap<>(Scheme.class);
    private final FetchOptions options;
    private final Sleeper sleeper;

    /** Waits between attempts, and tells the time deadlines are measured in; a seam so tests need not wait. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;

        default long nanoTime() {
            return System.nanoTime();
        }
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
     * Fetches {@code url} into {@code dest} (a file that is truncated, or else created new: a
     * name that is taken by anything, a symbolic link included, is not opened), at most
     * {@code limit} bytes, and verifies it against {@code expected} or the server's .sha256 file.
     */
    public void download(Location.Url url, Sha256 expected, Path dest, long limit, Progress progress)
            throws IOException {
        try (FileChannel channel = openOrCreate(dest)) {
            download(url, expected, channel, limit, progress);
        }
    }

    private static FileChannel openOrCreate(Path dest) throws IOException {
        try {
            // the loader's memory files are /proc/self/fd links: an existing file is opened as named
            return FileChannel.open(dest, StandardOpenOption.WRITE, StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (NoSuchFileException e) {
            return FileChannel.open(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        }
    }

    /**
     * Fetches {@code url} into {@code channel} (emptied first), at most {@code limit} bytes, and
     * verifies what it holds against {@code expected} or the server's .sha256 file.
     */
    public void download(Location.Url url, Sha256 expected, FileChannel channel, long limit, Progress progress)
            throws IOException {
        Sink sink = new Sink(channel, limit);
        sink.reset();
        RemoteFetcher protocol = protocol(url);
        Deadline deadline = new Deadline(options.deadline(), sleeper::nanoTime);
        // the look for a .sha256 file runs while the file comes, on a connection of its own: after
        // it, its connection and request took 0.03-0.05 s in a cold JVM (an FTP login or a TLS
        // handshake more), as long as the body of a 16 MiB file (docs/performance.md)
        FutureTask<Sha256> lookup = expected != null ? null : new FutureTask<>(() -> published(url));
        if (lookup != null) Thread.ofVirtual().name("lobos-sha256").start(lookup);
        try {
            withRetries(url, deadline, sink, () -> protocol.fetch(url, sink, options, progress));
        } catch (IOException | RuntimeException | Error e) {
            if (lookup != null) lookup.cancel(true);
            throw e;
        }
        Sha256 wanted = expected != null ? expected : published(url, lookup);
        if (wanted != null) verify(url, channel, wanted);
    }

    /**
     * What the look-up beside the download found. One that failed for a passing reason is made
     * again, now that the download is over: a server may take one connection per client at a time.
     */
    private Sha256 published(Location.Url url, FutureTask<Sha256> lookup) throws IOException {
        try {
            return lookup.get();
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while fetching " + url.redacted(), null, false, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FetchException f && f.transient_()) return published(url);
            throw rethrown(e.getCause());
        }
    }

    /** The names in a remote directory. */
    public List<String> list(Location.Url url) throws IOException {
        RemoteFetcher protocol = protocol(url);
        Deadline deadline = new Deadline(min(options.deadline(), LOOKUP_DEADLINE), sleeper::nanoTime);
        List<List<String>> names = new ArrayList<>();
        within(url, deadline, null, () -> names.add(protocol.list(url, options)));
        return names.getFirst();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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

    private void withRetries(Location.Url url, Deadline deadline, Sink sink, Attempt attempt) throws IOException {
        long delay = 1000;
        for (int tried = 0; ; tried++) {
            try {
                within(url, deadline, sink, attempt);
                return;
            } catch (FetchException e) {
                if (!e.transient_()) throw e;
                if (tried >= options.retries()) throw gaveUp(e, tried + 1);
                long wait = Math.min(delay, deadline.left().toMillis());
                System.err.println("lobos: " + e.getMessage() + "; trying again in " + Transfer.duration(Duration.ofMillis(wait))
                        + " (" + (tried + 1) + " of " + options.retries() + ")");
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new FetchException("interrupted while fetching " + url.redacted(), null, false, ie);
                }
                if (deadline.passed()) throw deadline.exceeded(url.redacted(), sink);
                delay = Math.min(delay * 2, 30_000);
            }
        }
    }

    /**
     * The last transient failure, told as final: its own hint would promise another try
     * ("lobos tries again..."), which is not coming. Its message and kind stay as they were.
     */
    private static FetchException gaveUp(FetchException last, int attempts) {
        String tried = attempts == 1 ? "lobos tried once (no retries)" : "lobos tried " + attempts + " times";
        return new FetchException(last.getMessage(), tried + ": check the server and the network, then try again", true, last);
    }

    /**
     * Runs one attempt on a virtual thread and waits for it until the deadline. At the deadline
     * the sink stops taking bytes and the attempt is interrupted, which ends its socket I/O; it
     * gets {@link #GRACE} to close its connections, and the deadline's error is thrown. An
     * OutOfMemoryError of the attempt becomes a FetchException: the caller stays usable.
     */
    private void within(Location.Url url, Deadline deadline, Sink sink, Attempt attempt) throws IOException {
        if (deadline.passed()) throw deadline.exceeded(url.redacted(), sink);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = Thread.ofVirtual().name("lobos-fetch").start(() -> {
            try {
                attempt.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        boolean done;
        try {
            done = worker.join(deadline.left());
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while fetching " + url.redacted(), null, false, e);
        }
        if (!done) {
            if (sink != null) sink.expire();
            worker.interrupt();
            try {
                worker.join(GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw deadline.exceeded(url.redacted(), sink);
        }
        switch (failure.get()) {
            case null -> {}
            case OutOfMemoryError e -> throw new FetchException("ran out of memory while fetching " + url.redacted(),
                    "the machine has too little memory for this download; give it more, or fetch a smaller file", false, e);
            case Throwable t -> throw rethrown(t);
        }
    }

    /** {@code t} thrown as it is when it may be, else wrapped; returned for {@code throw} to please the compiler. */
    private static IOException rethrown(Throwable t) {
        switch (t) {
            case IOException e -> {
                return e;
            }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(t);
        }
    }

    /** The checksum in {@code <url>.sha256} on the server, or null if the server has none. */
    private Sha256 published(Location.Url url) throws IOException {
        Location.Url sidecar = new Location.Url(url.scheme(), url.user(), url.password(), url.host(), url.port(),
                url.rawPath() + ".sha256", url.rawQuery());
        Path tmp = Files.createTempFile("lobos-", ".sha256");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                Sink sink = new Sink(channel, 64 * 1024);
                RemoteFetcher protocol = protocol(url);
                Deadline deadline = new Deadline(min(options.deadline(), LOOKUP_DEADLINE), sleeper::nanoTime);
                within(sidecar, deadline, sink, () -> protocol.fetch(sidecar, sink, options, Progress.NONE));
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
        try (FileChannel channel = FileChannel.open(file)) {
            verify(url, channel, expected);
        }
    }

    /** Throws unless the SHA-256 of what {@code channel} holds is {@code expected}. */
    public static void verify(Location url, FileChannel channel, Sha256 expected) throws IOException {
        String actual = sha256(channel);
        if (!expected.hex().equalsIgnoreCase(actual)) {
            String where = url instanceof Location.Url u ? u.redacted() : url.text();
            throw new FetchException(where + " has SHA-256 " + actual + ", expected " + expected.hex(),
                    "the file changed or was damaged on the way; do not boot it", false);
        }
    }

    /** The SHA-256 of a file, in lower-case hex as sha256sum prints it. */
    public static String sha256(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            return sha256(channel);
        }
    }

    /** The SHA-256 of everything {@code channel} holds (read by offset: its position is left alone). */
    public static String sha256(FileChannel channel) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (long at = 0; ; ) {
            buffer.clear();
            int n = channel.read(buffer, at);
            if (n < 0) break;
            buffer.flip();
            sha.update(buffer);
            at += n;
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
