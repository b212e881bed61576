package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading HTTP/1.x answers (head and body framing) and writing requests, on hand-written bytes. */
class HttpHeadTest {
    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The head, then the whole body as text. */
    private static String body(String answer) throws IOException {
        InputStream in = bytes(answer);
        HttpHead head = HttpHead.read(in, "h:80");
        return new String(HttpBody.of(head, in, "h:80").readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsStatusAndFieldsAndLeavesTheBody() throws IOException {
        InputStream in = bytes("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 2-4/5\r\nETAG:  \"x\" \r\n"
                + "Etag: \"second\"\r\nContent-Length: 3\r\n\r\nllo and more");
        HttpHead head = HttpHead.read(in, "h:80");
        assertThat(head.status()).isEqualTo(206);
        assertThat(head.field("content-range")).isEqualTo("bytes 2-4/5");
        assertThat(head.field("etag")).isEqualTo("\"x\""); // the first of two, without the spaces around it
        assertThat(new String(HttpBody.of(head, in, "h:80").readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("llo");
    }

    @Test
    void skipsInterimAnswersAndJoinsFoldedLines() throws IOException {
        HttpHead head = HttpHead.read(bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200\nX-Long: one\n\ttwo\n\nbody"), "h:80");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.field("x-long")).isEqualTo("one two");
    }

    @Test
    void decodesChunkedBodiesWithExtensionsAndTrailers() throws IOException {
        assertThat(body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n"
                + "5;ext=1\r\nhello\r\nA\r\n, 10 bytes\r\n0\r\nX-Sum: 1\r\n\r\nnot body")).isEqualTo("hello, 10 bytes");
    }

    @Test
    void bodyWithoutLengthRunsToTheEndAndNoContentHasNone() throws IOException {
        assertThat(body("HTTP/1.1 200 OK\r\n\r\nall of it")).isEqualTo("all of it");
        assertThat(body("HTTP/1.1 204 No Content\r\nContent-Length: 4\r\n\r\nnope")).isEmpty();
        assertThat(body("HTTP/1.1 200 OK\r\nContent-Length: 4, 4\r\n\r\nfour!")).isEqualTo("four");
    }

    @Test
    void refusesWhatIsNotHttp() {
        assertThatThrownBy(() -> HttpHead.read(bytes("SSH-2.0-OpenSSH_9.2\r\n"), "h:22")).isInstanceOf(FetchException.class)
                .hasMessageContaining("h:22 does not speak HTTP/1.1").hasMessageContaining("\"SSH-2.0-OpenSSH_9.2\"");
        assertThatThrownBy(() -> HttpHead.read(bytes("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n"), "h:80"))
                .isInstanceOf(FetchException.class).hasMessageContaining("header line is malformed");
        assertThatThrownBy(() -> HttpHead.read(bytes("HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n"), "h:80"))
                .isInstanceOf(FetchException.class).hasMessageContaining("bare CR");
        assertThatThrownBy(() -> HttpHead.read(bytes("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), "h:80"))
                .isInstanceOf(FetchException.class).hasMessageContaining("two different Content-Length");
        assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"))
                .isInstanceOf(FetchException.class).hasMessageContaining("Content-Length lobos cannot read");
        assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"))
                .isInstanceOf(FetchException.class).hasMessageContaining("\"gzip, chunked\"");
        assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
                .isInstanceOf(FetchException.class).hasMessageContaining("not a hexadecimal number");
    }

    @Test
    void boundsTheHead() {
        String many = "HTTP/1.1 200 OK\r\n" + "X-A: b\r\n".repeat(HttpHead.MAX_BYTES / 8) + "\r\n";
        assertThatThrownBy(() -> HttpHead.read(bytes(many), "h:80")).isInstanceOf(FetchException.class)
                .hasMessageContaining("longer than " + HttpHead.MAX_BYTES);
        StringBuilder fields = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i <= HttpHead.MAX_FIELDS; i++) fields.append("X-").append(i).append(": v\r\n");
        assertThatThrownBy(() -> HttpHead.read(bytes(fields + "\r\n"), "h:80")).isInstanceOf(FetchException.class)
                .hasMessageContaining("more than " + HttpHead.MAX_FIELDS + " header fields");
    }

    @Test
    void anEarlyEndIsAnIoErrorToRetry() {
        assertThatThrownBy(() -> HttpHead.read(bytes(""), "h:80")).isExactlyInstanceOf(IOException.class)
                .hasMessageContaining("closed the connection without answering");
        assertThatThrownBy(() -> HttpHead.read(bytes("HTTP/1.1 200 OK\r\nX-A"), "h:80")).isExactlyInstanceOf(IOException.class)
                .hasMessageContaining("middle of the answer's head");
        assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort"))
                .isExactlyInstanceOf(IOException.class).hasMessageContaining("middle of a chunk");
        assertThat(catching(() -> body("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"))).isEqualTo("short");
    }

    @Test
    void writesTheRequestWithoutTheUrlsCredentials() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Range", "bytes=5-");
        assertThat(HttpConnection.request("GET", URI.create("http://u:p@[::1]:8080/a%20b?x=1"), fields, null))
                .isEqualTo("GET /a%20b?x=1 HTTP/1.1\r\nHost: [::1]:8080\r\nRange: bytes=5-\r\nConnection: close\r\n\r\n");
        assertThat(HttpConnection.request("POST", URI.create("https://m.example"), Map.of(), new byte[3]))
                .isEqualTo("POST / HTTP/1.1\r\nHost: m.example\r\nContent-Length: 3\r\nConnection: close\r\n\r\n");
        assertThatThrownBy(() -> HttpConnection.request("GET", URI.create("http://h/"), Map.of("If-Range", "a\r\nX: y"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private interface Read {
        String run() throws IOException;
    }

    private static String catching(Read r) {
        try {
            return r.run();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
