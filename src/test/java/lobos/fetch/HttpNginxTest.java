package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lobos.path.Location;
import lobos.path.PathParser;
import lobos.path.Scheme;
import lobos.path.Sha256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HttpFetcher and Fetcher against Debian's nginx on 127.0.0.1. */
class HttpNginxTest {
    static final long BIG = 64L << 20;

    @TempDir
    static Path server;

    @TempDir
    Path dir;

    static Path root;
    static int port;
    static Nginx nginx;

    final HttpFetcher http = new HttpFetcher();
    final FetchOptions options = new FetchOptions(Duration.ofSeconds(10), 3, false, null, null);
    final List<Long> sleeps = new ArrayList<>();
    final Fetcher fetcher = new Fetcher(List.of(http), options, sleeps::add);

    @BeforeAll
    static void startNginx() throws Exception {
        Nginx.assumeAvailable();
        root = Files.createDirectories(server.resolve("root"));
        Files.write(root.resolve("empty"), new byte[0]);
        Files.write(root.resolve("small"), Servers.random(10_000, 1));
        Servers.writeRandom(root.resolve("big"), BIG, 2);
        Files.write(root.resolve("checked"), Servers.random(5000, 3));
        Files.writeString(root.resolve("checked.sha256"), Servers.run(root, "sha256sum", "checked"));
        Files.write(root.resolve("corrupt"), Servers.random(5000, 4));
        Files.writeString(root.resolve("corrupt.sha256"), Servers.run(root, "sha256sum", "checked").replace("checked", "corrupt"));
        Files.writeString(root.resolve("junk.sha256"), "not a checksum\n");
        Files.write(root.resolve("junk"), Servers.random(100, 5));
        Files.write(root.resolve("nosum"), Servers.random(5000, 6));
        Path listed = Files.createDirectories(root.resolve("dir"));
        Files.write(listed.resolve("vmlinuz"), new byte[10]);
        Files.write(listed.resolve("initrd.img"), new byte[10]);
        Files.write(listed.resolve("a b&c.cfg"), new byte[10]);
        Files.write(listed.resolve("grüße"), new byte[10]);
        Files.createDirectories(listed.resolve("sub dir"));
        Files.createDirectories(listed.resolve("efi"));
        Files.write(root.resolve("changing"), Servers.random(3 << 20, 7));
        port = Servers.freePort();
        nginx = Nginx.start(server.resolve("nginx"), """
                server {
                    listen 127.0.0.1:%1$d;
                    root %2$s;
                    location = /r1 { return 302 /r2; }
                    location = /r2 { return 301 http://127.0.0.1:%1$d/r3; }
                    location = /r3 { return 307 /small; }
                    location = /loop { return 302 /loop; }
                    location /dir/ { autoindex on; }
                }
                """.formatted(port, root), "127.0.0.1", List.of(port));
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) nginx.close();
    }

    static Location.Url url(String path) {
        return new Location.Url(Scheme.HTTP, null, null, "127.0.0.1", port, path, null);
    }

    /** Fetches with HttpFetcher alone (no retries) into {@code file}. */
    void get(String path, Path file, long limit, Progress progress) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            http.fetch(url(path), new Sink(channel, limit), options, progress);
        }
    }

    @Test
    void getsEmptySmallAndLargeFilesWhole() throws Exception {
        for (String name : List.of("empty", "small", "big")) {
            var progress = new RecordingProgress();
            Path got = dir.resolve(name);
            get("/" + name, got, Long.MAX_VALUE, progress);
            assertThat(Servers.sha256sum(got)).as(name).isEqualTo(Servers.sha256sum(root.resolve(name)));
            assertThat(progress.starts).containsExactly(new RecordingProgress.Start(url("/" + name).text(), Files.size(root.resolve(name))));
            assertThat(progress.ends).containsExactly(true);
            assertThat(progress.lastBytes).isEqualTo(Files.size(root.resolve(name)));
        }
    }

    @Test
    void missingFileIsNotFound() {
        assertThatThrownBy(() -> get("/no/such/file", dir.resolve("x"), Long.MAX_VALUE, Progress.NONE))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("http://127.0.0.1:" + port + "/no/such/file does not exist (HTTP 404 Not Found)");
    }

    @Test
    void fileLargerThanTheLimitFailsBeforeItsBodyIsRead() {
        assertThatThrownBy(() -> get("/big", dir.resolve("x"), 1 << 20, Progress.NONE))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("is " + BIG + " bytes, more than the 1048576")
                .satisfies(e -> assertThat(((FetchException) e).transient_()).isFalse());
        assertThat(dir.resolve("x")).isEmptyFile();
    }

    @Test
    void followsRedirectChain() throws Exception {
        int mark = nginx.requests().size();
        get("/r1", dir.resolve("got"), Long.MAX_VALUE, Progress.NONE);
        assertThat(dir.resolve("got")).hasSameBinaryContentAs(root.resolve("small"));
        assertThat(nginx.requestsSince(mark, "GET /small ")).map(l -> l.substring(0, l.lastIndexOf(' ')))
                .containsSequence("GET /r1 302 \"-\" \"-\"", "GET /r2 301 \"-\" \"-\"", "GET /r3 307 \"-\" \"-\"", "GET /small 200 \"-\" \"-\"");
    }

    @Test
    void redirectLoopEnds() {
        assertThatThrownBy(() -> get("/loop", dir.resolve("x"), Long.MAX_VALUE, Progress.NONE))
                .isInstanceOf(FetchException.class)
                .hasMessageStartingWith("more than 10 redirects, the last from http://127.0.0.1:" + port + "/loop")
                .satisfies(e -> assertThat(((FetchException) e).transient_()).isFalse());
    }

    @Test
    void cutConnectionIsRetriedAndResumedWithRange() throws Exception {
        int mark = nginx.requests().size();
        try (var proxy = new lobos.TestRelay.Tcp(port, lobos.TestRelay.Fault.CUT, 5 << 20, java.time.Duration.ZERO)) {
            var url = new Location.Url(Scheme.HTTP, null, null, "127.0.0.1", proxy.port(), "/big", null);
            var progress = new RecordingProgress();
            fetcher.download(url, null, dir.resolve("big"), Long.MAX_VALUE, progress);
            assertThat(Servers.sha256sum(dir.resolve("big"))).isEqualTo(Servers.sha256sum(root.resolve("big")));
            assertThat(sleeps).containsExactly(1000L);
            assertThat(progress.ends).containsExactly(false, true);
            assertThat(progress.starts).extracting(RecordingProgress.Start::total).containsExactly(BIG, BIG);
            // the second attempt asked for the rest, naming the version it had the start of
            String resumed = nginx.requestsSince(mark, "GET /big 206 ").stream().filter(l -> l.startsWith("GET /big 206 ")).reduce((a, b) -> b).orElseThrow();
            long from = Long.parseLong(resumed.replaceFirst(".*\"bytes=(\\d+)-\".*", "$1"));
            assertThat(from).isPositive().isLessThanOrEqualTo(5 << 20);
            assertThat(resumed).matches("GET /big 206 \"bytes=\\d+-\" \"\\\\x22[0-9a-f]+-[0-9a-f]+\\\\x22\" " + (BIG - from));
            assertThat(progress.firstUpdateAfterStart).isEqualTo(from);
        }
    }

    @Test
    void changedFileIsFetchedAgainFromTheStart() throws Exception {
        // an earlier attempt left the first MiB of one version of the file...
        Path file = dir.resolve("changing");
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(root.resolve("changing")), 1 << 20));
        String etag = etagOf("/changing");
        // ...then the file changed on the server
        byte[] replaced = Servers.random(3 << 20, 8);
        Files.write(root.resolve("changing"), replaced);
        Files.setLastModifiedTime(root.resolve("changing"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        int mark = nginx.requests().size();
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            var sink = new Sink(channel, Long.MAX_VALUE);
            sink.version(etag);
            http.fetch(url("/changing"), sink, options, Progress.NONE);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(replaced);
        assertThat(nginx.requestsSince(mark, "GET /changing ")).contains("GET /changing 200 \"bytes=1048576-\" \"" + etag.replace("\"", "\\x22")
                + "\" " + replaced.length);
    }

    @Test
    void partOfAFileWithoutAKnownVersionIsNotResumed() throws Exception {
        Path file = dir.resolve("small");
        Files.write(file, new byte[5000]);
        int mark = nginx.requests().size();
        get("/small", file, Long.MAX_VALUE, Progress.NONE);
        assertThat(file).hasSameBinaryContentAs(root.resolve("small"));
        assertThat(nginx.requestsSince(mark, "GET /small ")).contains("GET /small 200 \"-\" \"-\" 10000");
    }

    /** The ETag nginx gives a file now, from a HEAD request made with curl. */
    private static String etagOf(String path) {
        String headers = Servers.run(null, "curl", "-sSI", "http://127.0.0.1:" + port + path);
        return headers.lines().filter(l -> l.toLowerCase().startsWith("etag:")).findFirst().orElseThrow().substring(5).strip();
    }

    @Test
    void listsAutoindexDirectory() throws Exception {
        List<String> expected;
        try (Stream<Path> entries = Files.list(root.resolve("dir"))) {
            expected = entries.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).toList();
        }
        assertThat(http.list(url("/dir/"), options)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(http.list(url("/dir"), options)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).contains("sub dir/", "a b&c.cfg", "grüße");
    }

    @Test
    void listingOfAFileIsRefused() {
        assertThatThrownBy(() -> http.list(url("/small"), options)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void publishedChecksumIsChecked() throws Exception {
        fetcher.download(url("/checked"), null, dir.resolve("a"), Long.MAX_VALUE, Progress.NONE);
        assertThat(dir.resolve("a")).hasSameBinaryContentAs(root.resolve("checked"));

        assertThatThrownBy(() -> fetcher.download(url("/corrupt"), null, dir.resolve("b"), Long.MAX_VALUE, Progress.NONE))
                .isInstanceOf(FetchException.class)
                .hasMessage(url("/corrupt").text() + " has SHA-256 " + Servers.sha256sum(root.resolve("corrupt")) + ", expected "
                        + Servers.sha256sum(root.resolve("checked")));

        assertThatThrownBy(() -> fetcher.download(url("/junk"), null, dir.resolve("c"), Long.MAX_VALUE, Progress.NONE))
                .isInstanceOf(FetchException.class)
                .hasMessage(url("/junk.sha256").text() + " holds no SHA-256 checksum");

        int mark = nginx.requests().size();
        fetcher.download(url("/nosum"), null, dir.resolve("d"), Long.MAX_VALUE, Progress.NONE);
        assertThat(dir.resolve("d")).hasSameBinaryContentAs(root.resolve("nosum"));
        assertThat(nginx.requestsSince(mark, "GET /nosum.sha256 ")).anyMatch(l -> l.startsWith("GET /nosum.sha256 404 "));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void checksumInThePathIsChecked() throws Exception {
        var parsed = PathParser.parse(url("/nosum").text() + "#sha256=" + Servers.sha256sum(root.resolve("nosum")));
        fetcher.download((Location.Url) parsed.readings().getFirst(), parsed.sha256(), dir.resolve("a"), Long.MAX_VALUE, Progress.NONE);
        assertThat(dir.resolve("a")).hasSameBinaryContentAs(root.resolve("nosum"));
        assertThatThrownBy(() -> fetcher.download(url("/nosum"), new Sha256("0".repeat(64)), dir.resolve("b"), Long.MAX_VALUE, Progress.NONE))
                .isInstanceOf(FetchException.class).hasMessageContaining("expected " + "0".repeat(64));
    }
}
