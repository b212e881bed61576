package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import lobos.path.Location;
import lobos.path.Scheme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What HttpFetcher and Fetcher make of answers nginx does not easily give: failing and busy
 * servers, logins, servers that ignore Range or stop sending. Served by the JDK's HttpServer.
 */
class HttpStatusTest {
    static final byte[] BODY = Servers.random(100_000, 11);

    @TempDir
    Path dir;

    HttpServer server;
    HttpServer other;
    int port;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final ConcurrentHashMap<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    final HttpFetcher http = new HttpFetcher();
    final FetchOptions options = new FetchOptions(Duration.ofSeconds(1), 3, false, null, null);
    final List<Long> sleeps = new ArrayList<>();
    final Fetcher fetcher = new Fetcher(List.of(http), options, sleeps::add);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        other.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        port = server.getAddress().getPort();
        server.createContext("/", this::answer);
        server.createContext("/private", this::answer).setAuthenticator(new BasicAuthenticator("lobos") {
            @Override
            public boolean checkCredentials(String user, String password) {
                return user.equals("boot") && password.equals("s3cr:et");
            }
        });
        other.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            send(exchange, 200, BODY);
        });
        server.start();
        other.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        other.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(path + " " + range + " " + exchange.getRequestHeaders().getFirst("If-Range"));
        int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        var headers = exchange.getResponseHeaders();
        switch (path) {
            case "/flaky" -> send(exchange, hit <= 2 ? 503 : 200, BODY);
            case "/down" -> send(exchange, 500, new byte[0]);
            case "/busy" -> send(exchange, 429, new byte[0]);
            case "/timeout" -> send(exchange, 408, new byte[0]);
            case "/gone" -> send(exchange, 410, new byte[0]);
            case "/login" -> send(exchange, 401, new byte[0]);
            case "/forbidden" -> send(exchange, 403, new byte[0]);
            case "/teapot" -> send(exchange, 418, new byte[0]);
            case "/private/file" -> send(exchange, 200, BODY);
            case "/to-other" -> {
                headers.set("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/file");
                send(exchange, 302, new byte[0]);
            }
            case "/to-self" -> {
                headers.set("Location", "/private/file");
                send(exchange, 302, new byte[0]);
            }
            case "/to-ftp" -> {
                headers.set("Location", "ftp://127.0.0.1/file");
                send(exchange, 301, new byte[0]);
            }
            case "/no-location" -> send(exchange, 302, new byte[0]);
            case "/ignores-range" -> {
                headers.set("ETag", "\"v1\"");
                send(exchange, 200, BODY);
            }
            case "/complete" -> {
                headers.set("Content-Range", "bytes */" + BODY.length);
                send(exchange, 416, new byte[0]);
            }
            case "/shrunk" -> {
                headers.set("ETag", "\"v2\"");
                if (range != null) {
                    headers.set("Content-Range", "bytes */" + BODY.length);
                    send(exchange, 416, new byte[0]);
                } else {
                    send(exchange, 200, BODY);
                }
            }
            case "/no-length" -> {
                exchange.sendResponseHeaders(200, 0); // chunked: the size is unknown until the end
                try (var out = exchange.getResponseBody()) {
                    out.write(BODY);
                }
            }
            case "/stalls" -> {
                exchange.sendResponseHeaders(200, BODY.length);
                var out = exchange.getResponseBody();
                out.write(BODY, 0, 1000);
                out.flush();
                sleep(5000);
                exchange.close();
            }
            case "/dribble" -> { // a byte every 50 ms: never idle for the timeout, never done
                exchange.sendResponseHeaders(200, BODY.length);
                try (var out = exchange.getResponseBody()) {
                    for (byte b : BODY) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(50);
                    }
                } catch (InterruptedException | IOException e) {
                    // the client gave up
                }
            }
            case "/silent" -> {
                sleep(5000);
                send(exchange, 200, BODY);
            }
            default -> send(exchange, 404, new byte[0]);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    Location.Url url(String path) {
        return new Location.Url(Scheme.HTTP, null, null, "127.0.0.1", port, path, null);
    }

    FetchException failure(String path) {
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(FetchException.class,
                () -> fetcher.download(url(path), null, dir.resolve("got"), Long.MAX_VALUE, Progress.NONE));
        assertThat(thrown).as(path).isNotNull();
        return thrown;
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        fetcher.download(url("/flaky"), null, dir.resolve("got"), Long.MAX_VALUE, Progress.NONE);
        assertThat(dir.resolve("got")).hasBinaryContent(BODY);
        assertThat(sleeps).containsExactly(1000L, 2000L);

        sleeps.clear();
        var down = failure("/down");
        assertThat(down).hasMessage(url("/down").text() + " answered HTTP 500 Internal Server Error");
        assertThat(down.transient_()).isTrue();
        assertThat(sleeps).containsExactly(1000L, 2000L, 4000L);
        assertThat(hits.get("/down")).hasValue(4);
    }

    @Test
    void busyServersAreTransientFailures() {
        assertThat(failure("/busy").transient_()).isTrue();
        assertThat(failure("/timeout").transient_()).isTrue();
        assertThat(hits.get("/busy")).hasValue(4);
    }

    @Test
    void clientErrorsAreNotRetried() {
        assertThat(failure("/gone")).isInstanceOf(NotFoundException.class).hasMessageEndingWith("does not exist (HTTP 410 Gone)");
        assertThat(failure("/nothing")).isInstanceOf(NotFoundException.class);
        var login = failure("/login");
        assertThat(login.transient_()).isFalse();
        assertThat(login.hint()).contains("http://USER:PASSWORD@host/");
        var forbidden = failure("/forbidden");
        assertThat(forbidden).hasMessage(url("/forbidden").text() + " answered HTTP 403 Forbidden");
        assertThat(forbidden.transient_()).isFalse();
        assertThat(failure("/teapot")).hasMessage(url("/teapot").text() + " answered HTTP 418").satisfies(e -> assertThat(e.transient_()).isFalse());
        assertThat(sleeps).isEmpty();
    }

    @Test
    void basicAuthFromTheUrl() throws Exception {
        var good = new Location.Url(Scheme.HTTP, "boot", "s3cr:et", "127.0.0.1", port, "/private/file", null);
        fetcher.download(good, null, dir.resolve("got"), Long.MAX_VALUE, Progress.NONE);
        assertThat(dir.resolve("got")).hasBinaryContent(BODY);

        var bad = new Location.Url(Scheme.HTTP, "boot", "wrong", "127.0.0.1", port, "/private/file", null);
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(FetchException.class,
                () -> fetcher.download(bad, null, dir.resolve("x"), Long.MAX_VALUE, Progress.NONE));
        assertThat(e).hasMessage("http://127.0.0.1:" + port + "/private/file answered HTTP 401 Unauthorized");
        assertThat(e.hint()).isEqualTo("check the user name and password in the URL");
        assertThat(e.getMessage() + e.hint()).doesNotContain("wrong");
    }

    @Test
    void credentialsStayWithTheirServerOnRedirects() throws Exception {
        var url = new Location.Url(Scheme.HTTP, "boot", "s3cr:et", "127.0.0.1", port, "/to-other", null);
        fetcher.download(url, null, dir.resolve("got"), Long.MAX_VALUE, Progress.NONE);
        assertThat(dir.resolve("got")).hasBinaryContent(BODY);
        assertThat(authorizations).isNotEmpty().allMatch("null"::equals);

        var self = new Location.Url(Scheme.HTTP, "boot", "s3cr:et", "127.0.0.1", port, "/to-self", null);
        fetcher.download(self, null, dir.resolve("got2"), Long.MAX_VALUE, Progress.NONE);
        assertThat(dir.resolve("got2")).hasBinaryContent(BODY);
    }

    @Test
    void badRedirectsAreRefused() {
        assertThat(failure("/to-ftp")).hasMessage(url("/to-ftp").text() + " redirects to ftp://127.0.0.1/file, which is no HTTP URL");
        assertThat(failure("/no-location")).hasMessageContaining("named no place to go");
    }

    /** A sink that already holds the first {@code have} bytes of BODY, of version {@code version}. */
    private void fetchInto(Path file, int have, String version, String path) throws IOException {
        Files.write(file, java.util.Arrays.copyOf(BODY, have));
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            var sink = new Sink(channel, Long.MAX_VALUE);
            sink.version(version);
            http.fetch(url(path), sink, options, Progress.NONE);
        }
    }

    @Test
    void serverThatIgnoresRangeIsReadFromTheStart() throws Exception {
        fetchInto(dir.resolve("got"), 5000, "\"v1\"", "/ignores-range");
        assertThat(dir.resolve("got")).hasBinaryContent(BODY);
        assertThat(requests).containsExactly("/ignores-range bytes=5000- \"v1\"");
    }

    @Test
    void rangeNotSatisfiableMeansDoneOrStartOver() throws Exception {
        fetchInto(dir.resolve("done"), BODY.length, "\"v1\"", "/complete");
        assertThat(dir.resolve("done")).hasBinaryContent(BODY);

        // the sink holds more than the file has now: start over
        Files.write(dir.resolve("more"), new byte[BODY.length + 10]);
        try (var channel = FileChannel.open(dir.resolve("more"), StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            var sink = new Sink(channel, Long.MAX_VALUE);
            sink.version("\"v1\"");
            http.fetch(url("/shrunk"), sink, options, Progress.NONE);
        }
        assertThat(dir.resolve("more")).hasBinaryContent(BODY);
        assertThat(requests).containsExactly("/complete bytes=" + BODY.length + "- \"v1\"",
                "/shrunk bytes=" + (BODY.length + 10) + "- \"v1\"", "/shrunk null null");
    }

    @Test
    void unknownLengthIsStreamed() throws Exception {
        var progress = new RecordingProgress();
        fetcher.download(url("/no-length"), null, dir.resolve("got"), Long.MAX_VALUE, progress);
        assertThat(dir.resolve("got")).hasBinaryContent(BODY);
        assertThat(progress.starts).extracting(RecordingProgress.Start::total).containsExactly(Progress.UNKNOWN);
        assertThat(progress.lastBytes).isEqualTo(BODY.length);
    }

    @Test
    void unknownLengthStillMeetsTheLimit() {
        assertThatThrownBy(() -> fetcher.download(url("/no-length"), null, dir.resolve("got"), 50_000, Progress.NONE))
                .isInstanceOf(FetchException.class).hasMessage("the download passed 50000 bytes, more than this fetch may take");
    }

    @Test
    void silentServerTimesOutNamingTheHost() {
        long start = System.nanoTime();
        var stalls = failure("/stalls");
        assertThat(stalls).hasMessage("no answer from 127.0.0.1:" + port + " in 1 s");
        assertThat(stalls.transient_()).isTrue();
        var silent = failure("/silent");
        assertThat(silent).hasMessage("no answer from 127.0.0.1:" + port + " in 1 s");
        // four attempts of about a second each, twice; no sleeping between them here
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void connectionLostPartWayIsTransient() throws Exception {
        // a server that announces the whole body, sends a part and closes the connection
        try (var raw = new java.net.ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (true) {
                    try (var s = raw.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().write(BODY, 0, 1000);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            var url = new Location.Url(Scheme.HTTP, null, null, "127.0.0.1", raw.getLocalPort(), "/short", null);
            var e = org.assertj.core.api.Assertions.catchThrowableOfType(FetchException.class,
                    () -> fetcher.download(url, null, dir.resolve("x"), Long.MAX_VALUE, Progress.NONE));
            assertThat(e.getMessage()).startsWith("the connection to 127.0.0.1:" + raw.getLocalPort() + " ended after 1000 of "
                    + BODY.length + " bytes of " + url.text());
            assertThat(e.transient_()).isTrue();
            assertThat(sleeps).hasSize(3);
        }
    }

    @Test
    void refusedConnectionIsTransient() throws Exception {
        int closed = Servers.freePort();
        var url = new Location.Url(Scheme.HTTP, null, null, "127.0.0.1", closed, "/x", null);
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(FetchException.class,
                () -> fetcher.download(url, null, dir.resolve("x"), Long.MAX_VALUE, Progress.NONE));
        assertThat(e).hasMessage("127.0.0.1:" + closed + " refused the connection");
        assertThat(e.transient_()).isTrue();
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void unresolvableHostIsTransient() {
        // as the JDK's client reports it; a test may not ask a real DNS server
        var inner = new java.net.ConnectException();
        inner.initCause(new java.nio.channels.UnresolvedAddressException());
        var outer = new java.net.ConnectException();
        outer.initCause(inner);
        var e = HttpFetcher.connectionFailed(java.net.URI.create("http://boot.example/x"), outer);
        assertThat(e).hasMessage("cannot resolve the host name boot.example");
        assertThat(e.transient_()).isTrue();
    }

    @Test
    void listingNeedsHtml() {
        assertThatThrownBy(() -> http.list(url("/ignores-range"), options)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> http.list(url("/private/file"), options)).hasMessageContaining("401");
    }

    /** Issue 8: a server sending one byte at a time held a download for ever; now the deadline ends it. */
    @Test
    void aDribblingServerIsCutOffAtTheDeadline() {
        var patient = new Fetcher(List.of(http), options.withDeadline(Duration.ofSeconds(2)), sleeps::add);
        var e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> org.assertj.core.api.Assertions.catchThrowableOfType(FetchException.class,
                        () -> patient.download(url("/dribble"), null, dir.resolve("got"), Long.MAX_VALUE, Progress.NONE)));
        assertThat(e).hasMessageStartingWith("fetching " + url("/dribble").text() + " took longer than its deadline of 2 s (");
        assertThat(sleeps).isEmpty();
    }
}
