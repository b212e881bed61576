package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies read as {@link HttpFetcher} reads them ({@link HttpConnection#source()} into
 * {@link Transfer#pump}): what came with the head from the buffer, the rest from the socket's
 * channel, framed as the head says. The server answers with bytes the test writes, in pieces.
 */
class HttpConnectionTest {
    private ServerSocket server;
    /** What the server sends: the pieces, each flushed on its own. */
    private volatile byte[][] answer;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    readHead(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    for (byte[] piece : answer) {
                        out.write(piece);
                        out.flush();
                    }
                } catch (IOException e) {
                    // closed, or the client went away
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private static void readHead(InputStream in) throws IOException {
        for (int crlf = 0, b; crlf < 4 && (b = in.read()) >= 0; ) crlf = b == (crlf % 2 == 0 ? '\r' : '\n') ? crlf + 1 : 0;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    /** The body as the fetcher gets it. */
    private byte[] fetch() throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/file");
        try (HttpConnection c = HttpConnection.open("GET", uri, Map.of(), null, Duration.ofSeconds(10))) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            Transfer.pump(c.source(), piece -> Channels.newChannel(got).write(piece), () -> {}, (e, bytes) -> {
                throw new AssertionError("read failed after " + bytes + " bytes", e);
            });
            return got.toByteArray();
        }
    }

    @Test
    void aLengthBodyComesPartlyWithTheHeadAndTheRestFromTheChannel() throws IOException {
        byte[] data = random(3 << 20);
        byte[] head = ascii("HTTP/1.1 200 OK\r\nContent-Length: " + data.length + "\r\n\r\n");
        // the first piece brings the head and 1000 bytes of the body into the head's buffer
        byte[] first = new byte[head.length + 1000];
        System.arraycopy(head, 0, first, 0, head.length);
        System.arraycopy(data, 0, first, head.length, 1000);
        answer = new byte[][] {first, java.util.Arrays.copyOfRange(data, 1000, data.length), ascii("and what is not the body")};
        assertThat(fetch()).isEqualTo(data);
    }

    @Test
    void aChunkedBodyIsDecodedAcrossPieces() throws IOException {
        byte[] data = random(2 << 20);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
        int[] sizes = {1, 5000, 70_000, 1 << 20};
        int at = 0;
        for (int i = 0; at < data.length; i++) {
            int n = Math.min(sizes[i % sizes.length], data.length - at);
            wire.writeBytes(ascii(Integer.toHexString(n) + ";ext=1\r\n"));
            wire.write(data, at, n);
            wire.writeBytes(ascii("\r\n"));
            at += n;
        }
        wire.writeBytes(ascii("0\r\nTrailer: x\r\n\r\n"));
        byte[] all = wire.toByteArray();
        // pieces that end inside size lines and data alike
        answer = new byte[][] {java.util.Arrays.copyOfRange(all, 0, 50), java.util.Arrays.copyOfRange(all, 50, 5100),
                java.util.Arrays.copyOfRange(all, 5100, all.length)};
        assertThat(fetch()).isEqualTo(data);
    }

    @Test
    void aShortBodyEndsWhereTheConnectionDoes() throws IOException {
        byte[] data = random(100_000);
        answer = new byte[][] {ascii("HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n"), data};
        assertThat(fetch()).isEqualTo(data); // HttpFetcher compares the count with the length and resumes
    }

    @Test
    void aBodyWithoutLengthRunsToTheEndOfTheConnection() throws IOException {
        byte[] data = random(300_000);
        answer = new byte[][] {ascii("HTTP/1.0 200 OK\r\n\r\n"), data};
        assertThat(fetch()).isEqualTo(data);
    }

    @Test
    void theStreamReadsTheSameBodyAsTheSource() throws IOException {
        byte[] data = random(40_000);
        answer = new byte[][] {ascii("HTTP/1.1 200 OK\r\nContent-Length: " + data.length + "\r\n\r\n"), data};
        URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/file");
        try (HttpConnection c = HttpConnection.open("GET", uri, Map.of(), null, Duration.ofSeconds(10))) {
            assertThat(c.body().readAllBytes()).isEqualTo(data);
        }
    }
}
