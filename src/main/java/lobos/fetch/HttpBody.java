package lobos.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The body of an HTTP/1.x response as a stream, framed as RFC 9112 section 6.3 says: nothing
 * after 1xx, 204 and 304; chunked when Transfer-Encoding ends in chunked (Content-Length is then
 * ignored); Content-Length bytes; else everything up to the end of the connection. A body that
 * ends early simply ends: the caller compares what it got with what it was promised.
 */
final class HttpBody {
    /** A chunk size or trailer line longer than this is no chunked body lobos reads. */
    static final int MAX_LINE = 4096;

    private HttpBody() {}

    /**
     * The body that follows {@code head} on {@code in}.
     *
     * @param from who answers, for messages
     * @throws FetchException when the head frames the body in a way lobos cannot read
     */
    static Body of(HttpHead head, InputStream in, String from) {
        int status = head.status();
        if (status < 200 || status == 204 || status == 304) return new Limited(in, 0);
        String codings = head.field("transfer-encoding");
        if (codings != null) {
            String coding = codings.toLowerCase(Locale.ROOT).strip();
            if (coding.equals("chunked")) return new Chunked(in, from);
            throw new FetchException(from + " sent the body with the transfer coding \"" + codings
                    + "\", which lobos does not decode", "serve the file without compression (lobos asks for identity)", false);
        }
        long length = contentLength(head.field("content-length"), from);
        return new Limited(in, length < 0 ? Long.MAX_VALUE : length);
    }

    /** The Content-Length, or -1 if there is none. */
    static long contentLength(String value, String from) {
        if (value == null) return -1;
        // a list of equal values is one value (RFC 9112 section 6.3, item 5)
        String first = null;
        for (String part : value.split(",", -1)) {
            String v = part.strip();
            if (!v.matches("[0-9]{1,18}") || (first != null && !first.equals(v))) {
                throw new FetchException(from + " sent a Content-Length lobos cannot read: \"" + (value.length() > 40
                        ? value.substring(0, 40) + "..." : value) + "\"", "fix the server", false);
            }
            first = v;
        }
        return Long.parseLong(first);
    }

    /**
     * A body read from the connection's stream, which closing it closes: as a stream, or into a
     * buffer ({@link Transfer.Source}), which reads a socket channel straight into it when the
     * connection's stream is one ({@link HttpConnection}).
     */
    abstract static class Body extends InputStream implements Transfer.Source {
        final InputStream in;
        private Transfer.Source source;

        Body(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        /** Reads at most {@code most} (at least 1) bytes of the connection into {@code into}. */
        int read(ByteBuffer into, long most) throws IOException {
            if (source == null) source = in instanceof Transfer.Source s ? s : Transfer.source(in);
            int limit = into.limit();
            into.limit(into.position() + (int) Math.min(into.remaining(), most));
            try {
                return source.read(into);
            } finally {
                into.limit(limit);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** At most {@code left} bytes of the connection (all of it: {@link Long#MAX_VALUE}). */
    private static final class Limited extends Body {
        private long left;

        Limited(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (left == 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }

        @Override
        public int read(ByteBuffer into) throws IOException {
            if (left == 0) return -1;
            int n = read(into, left);
            if (n > 0) left -= n;
            return n;
        }
    }

    /** A chunked body (RFC 9112 section 7.1): size lines, data, trailer fields that lobos reads past. */
    private static final class Chunked extends Body {
        private final String from;
        private long left; // bytes left in the current chunk
        private boolean started;
        private boolean ended;

        Chunked(InputStream in, String from) {
            super(in);
            this.from = from;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (left == 0 && !nextChunk()) return -1;
            return taken(in.read(b, off, (int) Math.min(len, left)));
        }

        @Override
        public int read(ByteBuffer into) throws IOException {
            if (left == 0 && !nextChunk()) return -1;
            return taken(read(into, left));
        }

        private int taken(int n) throws IOException {
            if (n < 0) throw new IOException("the connection ended in the middle of a chunk");
            left -= n;
            return n;
        }

        /** Moves to the next chunk's data; false at the end of the body. */
        private boolean nextChunk() throws IOException {
            if (ended) return false;
            if (started && !line().isEmpty()) throw malformed("a chunk's data does not end with CRLF");
            started = true;
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,15}")) throw malformed("a chunk size is not a hexadecimal number: \"" + shown(hex) + "\"");
            left = Long.parseLong(hex, 16);
            if (left > 0) return true;
            int budget = HttpHead.MAX_BYTES;
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                budget -= trailer.length() + 2;
                if (budget < 0) throw malformed("its trailer fields are longer than " + HttpHead.MAX_BYTES + " bytes");
            }
            ended = true;
            return false;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) throw new IOException("the connection ended in the middle of a chunked body");
                if (c == '\n') break;
                if (line.length() >= MAX_LINE) throw malformed("a line of the chunked body is longer than " + MAX_LINE + " bytes");
                line.append((char) c);
            }
            int length = line.length();
            return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
        }

        private FetchException malformed(String what) {
            return new FetchException(from + " sent a broken chunked body: " + what, "fix the server", false);
        }

        private static String shown(String s) {
            return (s.length() > 20 ? s.substring(0, 20) + "..." : s).replaceAll("[^\\x20-\\x7e]", "?");
        }
    }
}
