package lobos.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.SocketTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import lobos.path.Location;
import lobos.path.Scheme;

/**
 * HTTP and HTTPS (HTTP/1.1, a connection per request: {@link HttpConnection}). The body is
 * streamed from the socket into the sink; redirects
 * are followed (at most {@value #MAX_REDIRECTS}, never from HTTPS to plain HTTP); an interrupted
 * download resumes with {@code Range} and {@code If-Range}, so the rest comes from the same
 * version of the file or the whole file comes again. Certificates are checked against the CA
 * bundle of {@link FetchOptions} unless it says insecure. A user and password in the URL are sent
 * as HTTP basic authentication, to the URL's own server only.
 */
public final class HttpFetcher implements RemoteFetcher {
    static final int MAX_REDIRECTS = 10;
    /** A directory listing larger than this is no listing lobos wants to read. */
    static final int MAX_LISTING = 8 << 20;

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(?:(\\d{1,18})-(\\d{1,18})|\\*)/(\\d{1,18}|\\*)\\s*");
    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset=\"?([A-Za-z0-9._:-]{1,40})");

    private final PrintStream warnings;
    private final Map<TrustKey, SSLContext> contexts = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** Whom HTTPS trusts: a TLS context is made once for each of these (loading CA certificates costs a tenth of a second or more). */
    private record TrustKey(boolean insecure, Path caBundle) {}

    /** An answer that is no redirect, from the URL it came from, on its own connection. */
    private record Answer(URI uri, HttpConnection connection) {
        int status() {
            return connection.status();
        }

        String header(String name) {
            return connection.field(name);
        }

        Transfer.Source body() {
            return connection.source();
        }
    }

    /** A Content-Range: the first byte sent (-1 for "*"), and the size of the whole file (-1 if unknown). */
    private record ContentRange(long first, long complete) {}

    public HttpFetcher() {
        this(System.err);
    }

    /** @param warnings where the one warning line about {@code insecure} goes */
    public HttpFetcher(PrintStream warnings) {
        this.warnings = warnings;
    }

    @Override
    public List<Scheme> schemes() {
        return List.of(Scheme.HTTP, Scheme.HTTPS);
    }

    @Override
    public void fetch(Location.Url url, Sink sink, FetchOptions options, Progress progress) throws IOException {
        // without a version to name in If-Range, the bytes already there could be of another file
        if (sink.size() > 0 && sink.version() == null) sink.reset();
        // a second round only after the server refused the range: then the sink is empty
        for (int round = 0; round < 2; round++) {
            long have = sink.size();
            Answer answer = send(url, options, have > 0 ? "bytes=" + have + "-" : null, sink.version());
            try (HttpConnection connection = answer.connection()) {
                Transfer.Source body = answer.body();
                long total;
                int status = answer.status();
                if (status == 206 && have > 0) {
                    ContentRange range = contentRange(answer.header("content-range"));
                    if (range == null || range.first() != have) {
                        sink.reset();
                        continue;
                    }
                    total = range.complete() >= 0 ? range.complete() : Progress.UNKNOWN;
                } else if (status == 200) {
                    if (have > 0) sink.reset(); // the server ignored Range, or the file changed (If-Range)
                    have = 0;
                    total = length(answer.header("content-length"));
                } else if (status == 416 && have > 0) {
                    ContentRange range = contentRange(answer.header("content-range"));
                    if (range != null && range.complete() == have) {
                        progress.start(url.redacted(), have);
                        progress.update(have);
                        progress.end(true);
                        return; // the earlier attempt got it all
                    }
                    sink.reset(); // the file shrank
                    continue;
                } else {
                    throw failure(answer, url);
                }
                sink.version(version(answer));
                sink.expect(total, url.redacted());
                receive(answer, body, sink, have, total, options, url.redacted(), progress);
                return;
            }
        }
        throw new FetchException(url.redacted() + ": the server sent a part of the file lobos did not ask for",
                "the server's Range support is broken; try again later or fetch from another server", false);
    }

    @Override
    public List<String> list(Location.Url url, FetchOptions options) throws IOException {
        Location.Url dir = url.rawPath().endsWith("/") ? url
                : new Location.Url(url.scheme(), url.user(), url.password(), url.host(), url.port(), url.rawPath() + "/", url.rawQuery());
        Answer answer = send(dir, options, null, null);
        try (HttpConnection connection = answer.connection()) {
            Transfer.Source body = answer.body();
            if (answer.status() != 200) throw failure(answer, dir);
            String type = answer.header("content-type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/html")) {
                throw new FetchException(show(answer.uri()) + " is no directory listing (its type is " + type + ")",
                        "lobos reads the HTML listings of nginx (autoindex on) and Apache (Options Indexes)", false);
            }
            ByteArrayOutputStream page = new ByteArrayOutputStream();
            try (IdleTimer timer = new IdleTimer(options.timeout(), () -> closeQuietly(answer.connection()))) {
                Transfer.pump(body, piece -> {
                    if (page.size() + piece.remaining() > MAX_LISTING) {
                        throw new FetchException(show(answer.uri()) + " is a listing of more than " + MAX_LISTING + " bytes",
                                "list a smaller directory", false);
                    }
                    Channels.newChannel(page).write(piece);
                }, timer::touch, (e, bytes) -> readFailed(answer.uri(), e, bytes, Progress.UNKNOWN, timer, options));
            }
            return Autoindex.names(page.toString(charset(type)), answer.uri());
        }
    }

    private void receive(Answer answer, Transfer.Source body, Sink sink, long have, long total, FetchOptions options,
            String what, Progress progress) throws IOException {
        progress.start(what, total);
        progress.update(have);
        boolean ok = false;
        try (IdleTimer timer = new IdleTimer(options.timeout(), () -> closeQuietly(answer.connection()))) {
            long[] done = {have};
            Transfer.pump(body, piece -> {
                int n = piece.remaining();
                sink.write(piece);
                done[0] += n;
                progress.update(done[0]);
            }, timer::touch, (e, bytes) -> readFailed(answer.uri(), e, have + bytes, total, timer, options));
            if (total != Progress.UNKNOWN && done[0] != total) {
                throw new FetchException("the connection to " + hostPort(answer.uri()) + " ended after " + done[0] + " of "
                        + total + " bytes of " + show(answer.uri()), "lobos tries again and resumes", true);
            }
            ok = true;
        } finally {
            progress.end(ok);
        }
    }

    private static FetchException readFailed(URI uri, IOException e, long bytes, long total, IdleTimer timer, FetchOptions options) {
        if (timer.fired() || e instanceof SocketTimeoutException) return Transfer.noAnswer(hostPort(uri), options.timeout(), e);
        return new FetchException("the connection to " + hostPort(uri) + " broke after " + bytes
                + (total == Progress.UNKNOWN ? "" : " of " + total) + " bytes of " + show(uri) + ": " + e.getMessage(),
                "lobos tries again and resumes", true, e);
    }

    /**
     * The TLS context for {@code uri} with these options (null for plain HTTP, which needs no CA
     * certificates), kept for the next connection.
     */
    private SSLContext tls(URI uri, FetchOptions options) throws FetchException {
        if (!uri.getScheme().equalsIgnoreCase("https")) return null;
        if (options.insecure() && warned.add(uri.getHost())) {
            warnings.println("lobos: warning: not checking the certificate of " + uri.getHost()
                    + " (insecure): anyone on the network path can pose as it");
            warnings.flush();
        }
        var key = new TrustKey(options.insecure(), options.insecure() ? null : options.caBundle());
        // one at a time: the .sha256 look-up asks for it as the download does (Fetcher)
        return contexts.computeIfAbsent(key, k -> Tls.context(options));
    }

    /**
     * GETs {@code url}, following redirects; returns the first answer that is no redirect.
     *
     * @param range   a Range header value, or null for the whole file
     * @param version the If-Range value that goes with {@code range}, or null
     */
    private Answer send(Location.Url url, FetchOptions options, String range, String version)
            throws FetchException {
        URI origin = uri(url);
        String authorization = url.user() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (url.user() + ":" + (url.password() == null ? "" : url.password())).getBytes(StandardCharsets.UTF_8));
        URI uri = origin;
        for (int hops = 0; ; hops++) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("User-Agent", "lobos");
            fields.put("Accept-Encoding", "identity");
            if (range != null) {
                fields.put("Range", range);
                if (version != null) fields.put("If-Range", version);
            }
            if (authorization != null && sameOrigin(origin, uri)) fields.put("Authorization", authorization);
            Answer answer = new Answer(uri, exchange(uri, fields, tls(uri, options), options));
            if (!List.of(301, 302, 303, 307, 308).contains(answer.status())) return answer;
            closeQuietly(answer.connection());
            uri = redirect(answer, hops);
        }
    }

    /** Where a redirect leads, if lobos may follow it. */
    private static URI redirect(Answer answer, int hops) throws FetchException {
        URI from = answer.uri();
        String location = answer.header("location");
        if (location == null) {
            throw new FetchException(show(from) + " answered HTTP " + answer.status() + " but named no place to go (no Location)",
                    "fix the redirect on the server", false);
        }
        URI next;
        try {
            next = from.resolve(new URI(location));
            String text = next.toString();
            if (text.indexOf('#') >= 0) next = new URI(text.substring(0, text.indexOf('#')));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchException(show(from) + " redirects to a bad URL: " + location, "fix the redirect on the server", false);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(show(from) + " redirects to " + show(next) + ", which is no HTTP URL",
                    "give lobos the final URL", false);
        }
        if (from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            throw new FetchException(show(from) + " redirects to plain HTTP (" + show(next) + "); lobos does not follow HTTPS to HTTP",
                    "give lobos the http:// URL yourself if you accept an unprotected download", false);
        }
        if (hops + 1 > MAX_REDIRECTS) {
            throw new FetchException("more than " + MAX_REDIRECTS + " redirects, the last from " + show(from) + " to " + show(next),
                    "the server's redirects go round in a circle or too far; give lobos the final URL", false);
        }
        return next;
    }

    private static HttpConnection exchange(URI uri, Map<String, String> fields, SSLContext tls, FetchOptions options)
            throws FetchException {
        try {
            return HttpConnection.open("GET", uri, fields, null, tls, options.timeout());
        } catch (SocketTimeoutException e) { // connecting, the handshake, or waiting for the answer
            throw Transfer.noAnswer(hostPort(uri), options.timeout(), e);
        } catch (java.io.InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while fetching " + show(uri), null, false, e);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new FetchException("interrupted while fetching " + show(uri), null, false, e);
            }
            throw connectionFailed(uri, e);
        }
    }

    static FetchException connectionFailed(URI uri, IOException e) {
        String where = hostPort(uri);
        boolean refused = false;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof Tls.Untrusted u) {
                return new FetchException("HTTPS to " + where + " refused: " + u.getMessage(), u.hint(), false, e);
            }
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                // transient: early in a boot, DNS may not be up yet
                return new FetchException("cannot resolve the host name " + uri.getHost(),
                        "check the name and the DNS servers (lobos tries again a few times)", true, e);
            }
            refused |= c instanceof ConnectException;
        }
        if (refused) {
            return new FetchException(where + " refused the connection",
                    "check the port and that the server runs (lobos tries again a few times)", true, e);
        }
        if (e instanceof SSLHandshakeException) {
            return new FetchException("the TLS handshake with " + where + " failed: " + e.getMessage(),
                    "the server may want a TLS version or cipher lobos's JDK does not offer", false, e);
        }
        return new FetchException("the connection to " + where + " failed: " + e.getMessage(),
                "lobos tries again a few times", true, e);
    }

    /** The error for an answer that brings no file. */
    private static FetchException failure(Answer answer, Location.Url url) {
        int status = answer.status();
        String what = show(answer.uri()) + " answered HTTP " + status + reason(status);
        return switch (status) {
            case 404, 410 -> new NotFoundException(show(answer.uri()) + " does not exist (HTTP " + status + reason(status) + ")",
                    "check the path; `lobos ls` on the directory's URL shows what is there, if the server lists it");
            case 401 -> new FetchException(what, url.user() == null
                    ? "the server wants a login: put it in the URL, http://USER:PASSWORD@host/..."
                    : "check the user name and password in the URL", false);
            case 403 -> new FetchException(what, "the server lets nobody read this file: check its permissions and the server's rules", false);
            case 408, 429 -> new FetchException(what, "the server is busy; lobos tries again a few times", true);
            default -> status >= 500 && status <= 599
                    ? new FetchException(what, "the server failed; lobos tries again a few times", true)
                    : new FetchException(what, "lobos expected HTTP 200 with the file", false);
        };
    }

    private static String reason(int status) {
        String text = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 410 -> "Gone";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> null;
        };
        return text == null ? "" : " " + text;
    }

    /** What identifies this version of the file for If-Range: a strong ETag, else Last-Modified, else null. */
    private static String version(Answer answer) {
        String etag = answer.header("etag");
        if (etag != null && etag.startsWith("\"")) return etag;
        return answer.header("last-modified");
    }

    private static ContentRange contentRange(String header) {
        if (header == null) return null;
        Matcher m = CONTENT_RANGE.matcher(header);
        if (!m.matches()) return null;
        long first = m.group(1) == null ? -1 : Long.parseLong(m.group(1));
        long complete = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        return new ContentRange(first, complete);
    }

    private static long length(String header) {
        return header != null && header.strip().matches("\\d{1,18}") ? Long.parseLong(header.strip()) : Progress.UNKNOWN;
    }

    private static Charset charset(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        try {
            return m.find() ? Charset.forName(m.group(1)) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The URL without user and password, as the client sends it. */
    private static URI uri(Location.Url url) {
        return URI.create(new Location.Url(url.scheme(), null, null, url.host(), url.port(), url.rawPath(), url.rawQuery()).text());
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    static String hostPort(URI uri) {
        return uri.getHost() + ":" + port(uri);
    }

    /** A URL for messages: never with a user or password. */
    static String show(URI uri) {
        String user = uri.getRawUserInfo();
        return user == null ? uri.toString() : uri.toString().replace(user + "@", "");
    }

    private static void closeQuietly(java.io.Closeable in) {
        try {
            in.close();
        } catch (IOException e) {
            // it is being given up anyway
        }
    }
}
