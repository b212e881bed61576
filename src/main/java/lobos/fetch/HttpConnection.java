package lobos.fetch;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request and its answer on a connection of its own ({@code Connection: close}),
 * over a plain socket or TLS. lobos reads each body straight from the socket into the file:
 * the JDK's java.net.http client passed it through its selector thread in 16 KiB buffers, which
 * held downloads to 0.1-0.2x curl's rate (docs/performance.md). For TLS the server's name is
 * checked against its certificate as java.net.http does (endpoint identification "HTTPS").
 * The timeout bounds connecting, the TLS handshake, and every wait for the server's bytes
 * through {@link #body()}; {@link #source()} waits without one.
 */
public final class HttpConnection implements Closeable {
    /** What the socket's stream is read through: large reads of the body go past it. */
    private static final int HEAD_BUFFER = 16 * 1024;

    private final Socket socket;
    private final HttpHead head;
    private final HttpBody.Body body;

    private HttpConnection(Socket socket, HttpHead head, HttpBody.Body body) {
        this.socket = socket;
        this.head = head;
        this.body = body;
    }

    /**
     * Connects to {@code uri}'s server, sends the request and reads the answer's head.
     *
     * @param method  GET or POST
     * @param fields  request header fields besides Host, Content-Length and Connection
     * @param content the request's body (POST), or null
     * @param tls     the TLS context for https URLs (null for http)
     */
    public static HttpConnection open(String method, URI uri, Map<String, String> fields, byte[] content, SSLContext tls,
            Duration timeout) throws IOException {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String host = uri.getHost();
        if (host == null) throw new IOException("no host in " + uri);
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        // a channel's socket: a plain body is read from the channel into memory outside the heap
        SocketChannel channel = SocketChannel.open();
        Socket socket = channel.socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(bare, port), millis);
            socket.setSoTimeout(millis);
            if (https) {
                if (tls == null) throw new IllegalArgumentException("an https URL needs a TLS context");
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, bare, port, true);
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(parameters);
                ssl.startHandshake();
                socket = ssl;
            }
            OutputStream out = socket.getOutputStream();
            out.write(request(method, uri, fields, content).getBytes(StandardCharsets.ISO_8859_1));
            if (content != null) out.write(content);
            out.flush();
            // TLS decrypts in the socket's stream: its body is read through the stream
            InputStream in = https ? new BufferedInputStream(socket.getInputStream(), HEAD_BUFFER)
                    : new Wire(socket.getInputStream(), channel);
            String from = host + ":" + port;
            HttpHead head = HttpHead.read(in, from);
            return new HttpConnection(socket, head, HttpBody.of(head, in, from));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** {@link #open(String, URI, Map, byte[], SSLContext, Duration)} trusting the JDK's CA certificates for https. */
    public static HttpConnection open(String method, URI uri, Map<String, String> fields, byte[] content, Duration timeout)
            throws IOException {
        SSLContext tls = null;
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            try {
                tls = SSLContext.getDefault();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no TLS", e);
            }
        }
        return open(method, uri, fields, content, tls, timeout);
    }

    /** The request line and header fields, up to the blank line. */
    static String request(String method, URI uri, Map<String, String> fields, byte[] content) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        StringBuilder request = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(at < 0 ? authority : authority.substring(at + 1)).append("\r\n");
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (f.getValue().indexOf('\r') >= 0 || f.getValue().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a line break in the request's " + f.getKey() + " field");
            }
            request.append(f.getKey()).append(": ").append(f.getValue()).append("\r\n");
        }
        if (content != null) request.append("Content-Length: ").append(content.length).append("\r\n");
        return request.append("Connection: close\r\n\r\n").toString();
    }

    public int status() {
        return head.status();
    }

    /** A header field of the answer ({@code name} in lower case), or null. */
    public String field(String name) {
        return head.field(name);
    }

    /** The answer's body, which ends where the server said it would. */
    public InputStream body() {
        return body;
    }

    /**
     * The body for {@link Transfer#pump}, read without the timeout of {@link #body()}: the
     * reader closes the connection when the server stops sending ({@link IdleTimer}).
     */
    Transfer.Source source() {
        return body;
    }

    /**
     * What the server sends over plain HTTP after the request: buffered for the head and the
     * lines of a chunked body, while a read into a buffer that finds none left reads the socket
     * channel straight into it (a read of the socket's stream copies through a temporary buffer
     * outside the heap, and writing the heap array to the file copies it once more). Reads of the
     * stream wait at most the socket's timeout; those of {@code channel} as long as it takes.
     */
    private static final class Wire extends BufferedInputStream implements Transfer.Source {
        private final ReadableByteChannel channel;

        Wire(InputStream stream, ReadableByteChannel channel) {
            super(stream, HEAD_BUFFER);
            this.channel = channel;
        }

        @Override
        public int read(ByteBuffer into) throws IOException {
            if (pos >= count) return channel.read(into);
            int n = Math.min(into.remaining(), count - pos);
            into.put(buf, pos, n);
            pos += n;
            return n;
        }
    }

    /** Closes the connection (also ending a read that waits on it, from another thread). */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
