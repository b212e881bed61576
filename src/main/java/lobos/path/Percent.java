package lobos.path;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of URL parts (RFC 3986), UTF-8. */
final class Percent {
    private Percent() {}

    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    private static final String SUB_DELIMS = "!$&'()*+,;=";
    /** What a path may hold unencoded: pchar and '/'. */
    static final String PATH_CHARS = UNRESERVED + SUB_DELIMS + ":@/";
    /** What a query may hold unencoded. */
    static final String QUERY_CHARS = PATH_CHARS + "?";
    /** What a user name or password may hold unencoded. */
    static final String USERINFO_CHARS = UNRESERVED + SUB_DELIMS;

    /** Whether {@code raw} holds only {@code allowed} characters and well-formed %XX escapes. */
    static boolean validRaw(String raw, String allowed) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) return false;
                i += 2;
            } else if (allowed.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Decodes %XX escapes as UTF-8; {@code where} names the whole path for the error message. */
    static String decode(String raw, String where) {
        if (raw.indexOf('%') < 0) return raw;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hex(raw.charAt(i + 2)) : -1;
                if (lo < 0) throw bad(where, "'%' must be followed by two hex digits");
                int b = hi << 4 | lo;
                if (b == 0) throw bad(where, "%00 (a NUL byte) cannot be part of a file name");
                bytes.write(b);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad(where, "the %XX escapes are not UTF-8");
        }
    }

    static String encodePath(String path) {
        return encode(path, PATH_CHARS);
    }

    static String encodeUserInfo(String s) {
        return encode(s, USERINFO_CHARS);
    }

    private static String encode(String s, String allowed) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && allowed.indexOf(c) >= 0) out.append((char) c);
            else out.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
        }
        return out.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private static PathException bad(String where, String why) {
        return new PathException("bad percent escape in '" + where + "': " + why,
                "write a byte of a name as %XX (two hex digits), e.g. a space as %20");
    }
}
