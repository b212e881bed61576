package lobos.fetch;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the names in a web server's directory listing: the {@code <a href="...">} links of an
 * nginx {@code autoindex} or Apache {@code mod_autoindex} page. Best effort: a link counts when
 * it names something directly inside the directory (a relative name, an absolute path or a full
 * URL on the same server); parent, sort ({@code ?C=N;O=D}) and other links are left out.
 * Directories are the links that end with "/". Never throws: a page that is no listing gives few
 * or no names.
 */
public final class Autoindex {
    private Autoindex() {}

    /** More names than any directory of boot files holds; the rest are left out. */
    static final int MAX_NAMES = 100_000;
    /** A link tag is short; a longer one is damage, and is skipped. */
    static final int MAX_TAG = 8192;

    /** The names in {@code html}, the page of the directory {@code dir} (whose path ends with "/"). */
    public static List<String> names(String html, URI dir) {
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        while (names.size() < MAX_NAMES) {
            int open = html.indexOf('<', i);
            if (open < 0 || open + 2 >= html.length()) break;
            i = open + 1;
            if (Character.toLowerCase(html.charAt(i)) != 'a' || !Character.isWhitespace(html.charAt(i + 1))) continue;
            int close = tagEnd(html, i + 2);
            if (close < 0) {
                // no end within MAX_TAG (an open quote, a damaged page): skip what was scanned, so the work stays linear
                i = Math.min(html.length(), i + 2 + MAX_TAG);
                continue;
            }
            String href = href(html.substring(i + 2, close));
            i = close + 1;
            if (href == null) continue;
            String name = child(dir, entities(href).strip());
            if (name != null) names.add(name);
        }
        return new ArrayList<>(names);
    }

    /** Where the tag that goes on at {@code from} ends: its '>' outside quoted attribute values, or -1 if not within MAX_TAG. */
    private static int tagEnd(String html, int from) {
        char quote = 0;
        int limit = Math.min(html.length(), from + MAX_TAG);
        for (int k = from; k < limit; k++) {
            char c = html.charAt(k);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                // a quote opens a value only after '='; elsewhere it is part of a word
                int before = k - 1;
                while (before >= from && Character.isWhitespace(html.charAt(before))) before--;
                if (before >= from && html.charAt(before) == '=') quote = c;
            } else if (c == '>') {
                return k;
            }
        }
        return -1;
    }

    /** The value of the href attribute in the text between "<a " and ">", or null. */
    private static String href(String attributes) {
        int i = 0, n = attributes.length();
        while (i < n) {
            while (i < n && (Character.isWhitespace(attributes.charAt(i)) || attributes.charAt(i) == '/')) i++;
            int nameStart = i;
            while (i < n && attributes.charAt(i) != '=' && !Character.isWhitespace(attributes.charAt(i))) i++;
            String name = attributes.substring(nameStart, i);
            while (i < n && Character.isWhitespace(attributes.charAt(i))) i++;
            if (i >= n || attributes.charAt(i) != '=') {
                if (name.isEmpty()) i++;
                continue;
            }
            i++;
            while (i < n && Character.isWhitespace(attributes.charAt(i))) i++;
            String value;
            if (i < n && (attributes.charAt(i) == '"' || attributes.charAt(i) == '\'')) {
                char quote = attributes.charAt(i);
                int end = attributes.indexOf(quote, i + 1);
                if (end < 0) end = n;
                value = attributes.substring(i + 1, end);
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(attributes.charAt(i))) i++;
                value = attributes.substring(start, i);
            }
            if (name.equalsIgnoreCase("href")) return value;
        }
        return null;
    }

    /** The name {@code href} gives to an entry of {@code dir}, with "/" for a directory, or null. */
    private static String child(URI dir, String href) {
        if (href.isEmpty() || href.startsWith("?") || href.startsWith("#")) return null;
        URI target;
        try {
            target = dir.resolve(new URI(href));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        if (!same(dir.getScheme(), target.getScheme()) || !same(dir.getRawAuthority(), target.getRawAuthority())) return null;
        String base = dir.getRawPath(), path = target.getRawPath();
        if (base == null || path == null || !path.startsWith(base) || path.length() == base.length()) return null;
        String raw = path.substring(base.length());
        int slash = raw.indexOf('/');
        if (slash >= 0 && slash != raw.length() - 1) return null;
        boolean directory = slash >= 0;
        String name = decode(directory ? raw.substring(0, raw.length() - 1) : raw);
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) return null;
        return directory ? name + "/" : name;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : b != null && a.equalsIgnoreCase(b);
    }

    /** Percent escapes decoded as UTF-8; null for a name no file can have (a NUL, a bad escape). */
    private static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) return null;
                int hi = Character.digit(raw.charAt(i + 1), 16), lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0 || (hi | lo) == 0) return null;
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** HTML character references in an attribute value: the named ones a listing uses and numeric ones. */
    static String entities(String s) {
        if (s.indexOf('&') < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int semi = c == '&' ? s.indexOf(';', i) : -1;
            if (semi < 0 || semi - i > 10) {
                out.append(c);
                i++;
                continue;
            }
            String ref = s.substring(i + 1, semi).toLowerCase(Locale.ROOT);
            int code = switch (ref) {
                case "amp" -> '&';
                case "lt" -> '<';
                case "gt" -> '>';
                case "quot" -> '"';
                case "apos" -> '\'';
                default -> numeric(ref);
            };
            if (code < 0) {
                out.append(c);
                i++;
            } else {
                out.appendCodePoint(code);
                i = semi + 1;
            }
        }
        return out.toString();
    }

    private static int numeric(String ref) {
        if (ref.length() < 2 || ref.charAt(0) != '#') return -1;
        boolean hex = ref.charAt(1) == 'x';
        String digits = ref.substring(hex ? 2 : 1);
        if (digits.isEmpty() || digits.length() > 7) return -1;
        int value = 0;
        for (int k = 0; k < digits.length(); k++) {
            int d = Character.digit(digits.charAt(k), hex ? 16 : 10);
            if (d < 0) return -1;
            value = value * (hex ? 16 : 10) + d;
        }
        return value > 0 && Character.isValidCodePoint(value) && (value < 0xD800 || value > 0xDFFF) ? value : -1;
    }
}
