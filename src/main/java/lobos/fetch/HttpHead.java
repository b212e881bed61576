package lobos.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The head of an HTTP/1.x response: its status code and header fields, names in lower case. A
 * field that comes more than once keeps its first value, except Content-Length, whose values
 * must agree (RFC 9112 section 6.3), and Transfer-Encoding, whose codings are joined. Interim
 * answers (1xx) before the real one are skipped. The head is bounded ({@value #MAX_BYTES} bytes,
 * {@value #MAX_FIELDS} fields): a server cannot make lobos read or keep more.
 */
record HttpHead(int status, Map<String, String> fields) {
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_FIELDS = 256;
    /** The most 1xx answers lobos skips before the real one. */
    static final int MAX_INTERIM = 8;

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[0-9] ([1-9][0-9][0-9])(?: [^\\x00-\\x08\\x0a-\\x1f\\x7f]*)?");
    private static final Pattern FIELD = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \\t]*([^\\x00-\\x08\\x0a-\\x1f\\x7f]*?)[ \\t]*");

    HttpHead {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The value of a header field ({@code name} in lower case), or null. */
    String field(String name) {
        return fields.get(name);
    }

    /**
     * Reads a response head from {@code in}, which is left at the first byte of the body.
     *
     * @param from who answers, for messages ("127.0.0.1:8080")
     * @throws FetchException when the bytes are no HTTP/1.x response head
     * @throws IOException    when reading fails, or the connection ends before the head does
     */
    static HttpHead read(InputStream in, String from) throws IOException {
        int[] budget = {MAX_BYTES};
        for (int interim = 0; ; interim++) {
            String statusLine = line(in, budget, from, interim == 0);
            Matcher m = STATUS_LINE.matcher(statusLine);
            if (!m.matches()) throw malformed(from, "its answer does not start with an HTTP/1.x status line: " + quote(statusLine));
            int status = Integer.parseInt(m.group(1));
            Map<String, String> fields = new LinkedHashMap<>();
            String last = null;
            for (String line = line(in, budget, from, false); !line.isEmpty(); line = line(in, budget, from, false)) {
                if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    // obsolete line folding: the value goes on (RFC 9112 section 5.2 lets a client join it with a space)
                    if (last == null) throw malformed(from, "its head starts with a continuation line");
                    String more = line.strip();
                    if (!more.isEmpty()) fields.merge(last, more, (a, b) -> a.isEmpty() ? b : a + " " + b);
                    continue;
                }
                Matcher f = FIELD.matcher(line);
                if (!f.matches()) throw malformed(from, "a header line is malformed: " + quote(line));
                String name = f.group(1).toLowerCase(Locale.ROOT);
                String value = f.group(2);
                if (!fields.containsKey(name) && fields.size() >= MAX_FIELDS) {
                    throw malformed(from, "its head has more than " + MAX_FIELDS + " header fields");
                }
                switch (name) {
                    case "content-length" -> fields.merge(name, value, (a, b) -> {
                        if (!a.equals(b)) throw malformed(from, "it sent two different Content-Length fields (" + a + ", " + b + ")");
                        return a;
                    });
                    case "transfer-encoding" -> fields.merge(name, value, (a, b) -> a + ", " + b);
                    default -> fields.putIfAbsent(name, value);
                }
                last = name;
            }
            if (status >= 200 || status == 101) return new HttpHead(status, fields);
            if (interim >= MAX_INTERIM) throw malformed(from, "it sent more than " + MAX_INTERIM + " interim (1xx) answers");
        }
    }

    /**
     * One line, without its LF or CRLF, as ISO-8859-1 (field values are bytes to HTTP). A bare
     * CR in a line is refused: a value with one could end a line where lobos does not expect it.
     */
    private static String line(InputStream in, int[] budget, String from, boolean first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException(first && line.size() == 0 && budget[0] == MAX_BYTES
                        ? "the server closed the connection without answering"
                        : "the connection ended in the middle of the answer's head");
            }
            if (--budget[0] < 0) throw malformed(from, "its answer's head is longer than " + MAX_BYTES + " bytes");
            if (b == '\n') break;
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\r' || bytes[i] == 0) throw malformed(from, "a line of its head holds a bare CR or NUL");
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static String quote(String line) {
        String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return "\"" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }

    private static FetchException malformed(String from, String what) {
        return new FetchException(from + " does not speak HTTP/1.1 as lobos expects: " + what,
                "check that the URL names an HTTP server (an https:// URL for a TLS port)", false);
    }
}
