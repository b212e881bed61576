package lobos.path;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.path.DeviceRef.Named;
import lobos.path.DeviceRef.Tag;
import lobos.path.DeviceRef.Tagged;
import lobos.path.Location.Booted;
import lobos.path.Location.Device;
import lobos.path.Location.DeviceFile;
import lobos.path.Location.Loader;
import lobos.path.Location.Nfs;
import lobos.path.Location.Relative;
import lobos.path.Location.Url;
import lobos.path.Location.Variable;

/**
 * Parses generalized path text into its possible {@link Location} readings. Pure: no file
 * system, no DNS. The rules, in order (docs/paths.md has them with examples):
 * <ol>
 * <li>{@code scheme://...}: a URL (http, https, ftp, tftp, sftp), an NFS URL or a file URL;
 * <li>{@code //path}: the loader's own file system;
 * <li>{@code /dev/NAME:path}: a file on a device; {@code /dev/NAME}: the device, or the file
 *     /dev/NAME of the booted system when NAME is no device;
 * <li>{@code /path}: the booted system;
 * <li>{@code UUID=}, {@code LABEL=}, {@code PARTUUID=}, {@code PARTLABEL=} value, with an
 *     optional {@code :path}: a device found by tag;
 * <li>{@code [v6]:/path}: NFS;
 * <li>{@code word:/path}, the colon before any slash: a device, or an NFS host (a word with a
 *     dot is only a host); {@code word:path} and {@code word:} are always a device;
 * <li>anything else with a slash, ".", "..": relative;
 * <li>a bare word: a variable, a device, or a file in the current directory.
 * </ol>
 */
public final class PathParser {
    private PathParser() {}

    /** Longer texts are rejected; Linux's PATH_MAX. */
    public static final int MAX_LENGTH = 4096;

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final Pattern SCHEME_WITHOUT_SLASHES = Pattern.compile("(?i)(https?|ftp|tftp|sftp|nfs|file):(?!//).*");
    private static final Pattern TAG = Pattern.compile("(UUID|LABEL|PARTUUID|PARTLABEL)=");
    private static final Pattern WINDOWS = Pattern.compile("[A-Za-z]:.*|\\\\\\\\.*");
    /** Device names written without /dev/: sda2, nvme0n1p1, dm-0. */
    private static final Pattern SHORT_DEVICE = Pattern.compile("[A-Za-z0-9_+-]+");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
    private static final String SHA_SUFFIX = "#sha256=";

    /** Whether {@code name} can be a kboot.conf variable (a label). */
    public static boolean isVariableName(String name) {
        return name != null && name.length() <= 255 && VARIABLE.matcher(name).matches();
    }

    /** Parses {@code text}; throws {@link PathException} if it is no accepted form. */
    public static ParsedPath parse(String text) {
        if (text == null || text.isBlank()) throw new PathException("empty path", PathException.ACCEPTED_FORMS);
        if (text.length() > MAX_LENGTH) {
            throw new PathException("path of " + text.length() + " characters is longer than " + MAX_LENGTH,
                    "Linux paths are at most " + MAX_LENGTH + " bytes; check for a missing line break or quote");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7f) {
                throw new PathException(String.format("path '%s' has control character U+%04X at offset %d",
                        printable(text), (int) c, i), "remove it; a file name with one can be written as %XX in a URL");
            }
        }
        if (!text.strip().equals(text)) {
            throw new PathException("path '" + text + "' begins or ends with white space", "remove it (quote the path if a file name really has it)");
        }
        Sha256 sha256 = null;
        String body = text;
        int hash = text.lastIndexOf(SHA_SUFFIX);
        if (hash >= 0) {
            sha256 = Sha256.parse(text.substring(hash + SHA_SUFFIX.length()), text);
            body = text.substring(0, hash);
            if (body.isEmpty()) throw new PathException("path '" + text + "' has a digest but no path", PathException.ACCEPTED_FORMS);
        }
        return new ParsedPath(text, readings(body, text), sha256);
    }

    private static List<Location> readings(String body, String text) {
        Matcher scheme = SCHEME.matcher(body);
        if (scheme.lookingAt()) return List.of(url(scheme.group(1).toLowerCase(Locale.ROOT), body.substring(scheme.end()), text));
        if (SCHEME_WITHOUT_SLASHES.matcher(body).matches()) {
            String name = body.substring(0, body.indexOf(':'));
            throw PathException.unknownForm(text, "a URL needs two slashes: " + name + "://host/path");
        }
        if (WINDOWS.matcher(body).matches()) {
            throw new PathException("'" + text + "' is a Windows path", "write a Linux path: /boot/vmlinuz, sda1:/vmlinuz or LABEL=BOOT:/vmlinuz");
        }
        if (body.startsWith("//")) return List.of(new Loader(Segments.normalizeAbsolute(body.substring(2))));
        if (body.startsWith("/dev/") && body.length() > 5) return devPath(body.substring(5), body, text);
        if (body.startsWith("/")) return List.of(new Booted(Segments.normalizeAbsolute(body)));

        Matcher tag = TAG.matcher(body);
        if (tag.lookingAt()) return tagged(Tag.valueOf(tag.group(1)), body.substring(tag.end()), text);
        if (body.startsWith("[")) return bracketedNfs(body, text);

        int colon = body.indexOf(':');
        int slash = body.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) return prefixed(body.substring(0, colon), body.substring(colon + 1), text);
        if (slash >= 0 || body.equals(".") || body.equals("..")) return List.of(new Relative(Segments.normalizeRelative(body)));
        return word(body);
    }

    private static boolean shortDevice(String name) {
        return SHORT_DEVICE.matcher(name).matches() && Named.valid(name);
    }

    /** sda2: a variable, a device or a file here, in that order of preference. */
    private static List<Location> word(String word) {
        List<Location> out = new ArrayList<>();
        if (isVariableName(word)) out.add(new Variable(word));
        if (shortDevice(word)) out.add(new Device(new Named(word)));
        out.add(new Relative(Segments.normalizeRelative(word)));
        return out;
    }

    /** What follows "/dev/": NAME (a device, or a booted-system file) or NAME:path. */
    private static List<Location> devPath(String rest, String body, String text) {
        int colon = rest.indexOf(':');
        if (colon < 0) {
            List<Location> out = new ArrayList<>();
            if (Named.valid(rest)) out.add(new Device(new Named(rest)));
            out.add(new Booted(Segments.normalizeAbsolute(body)));
            return out;
        }
        String name = rest.substring(0, colon);
        if (!Named.valid(name)) {
            throw PathException.unknownForm(text, "'/dev/" + name + "' is not a device name");
        }
        return List.of(new DeviceFile(new Named(name), Segments.normalizeAbsolute(rest.substring(colon + 1))));
    }

    /** LABEL=x or LABEL=x:path. A value cannot hold ':'. */
    private static List<Location> tagged(Tag tag, String rest, String text) {
        int colon = rest.indexOf(':');
        String value = colon < 0 ? rest : rest.substring(0, colon);
        if (!Tagged.validValue(value)) {
            throw PathException.unknownForm(text, tag + "= needs a value (at most 255 characters), e.g. " + tag + "=" + example(tag) + ":/boot/vmlinuz");
        }
        Tagged device = new Tagged(tag, value);
        if (colon < 0) return List.of(new Device(device));
        return List.of(new DeviceFile(device, Segments.normalizeAbsolute(rest.substring(colon + 1))));
    }

    private static String example(Tag tag) {
        return switch (tag) {
            case UUID -> "0a3b5c7d-1e2f-4a5b-8c9d-0e1f2a3b4c5d";
            case PARTUUID -> "1234abcd-01";
            case LABEL, PARTLABEL -> "boot";
        };
    }

    /** [2001:db8::1]:/export/path. */
    private static List<Location> bracketedNfs(String body, String text) {
        int close = body.indexOf(']');
        String host = close < 0 ? "" : body.substring(1, close);
        if (close < 0 || !Hosts.ipv6(host)) {
            throw PathException.unknownForm(text, "'[' must start an IPv6 address in brackets: [2001:db8::1]:/export/file");
        }
        String rest = body.substring(close + 1);
        if (!rest.startsWith(":/")) {
            throw PathException.unknownForm(text, "an NFS path is [address]:/absolute/path");
        }
        return List.of(new Nfs(host, Segments.normalizeAbsolute(rest.substring(1))));
    }

    /** prefix:path with no slash in prefix: a device or an NFS host. */
    private static List<Location> prefixed(String prefix, String path, String text) {
        if (prefix.isEmpty()) throw PathException.unknownForm(text, "nothing before ':' (a device or host name)");
        if (path.startsWith(":")) {
            throw PathException.unknownForm(text, "'::' - an IPv6 address must be in brackets: [2001:db8::1]:/export/file");
        }
        boolean device = shortDevice(prefix);
        if (!path.startsWith("/")) {
            // NFS needs an absolute export path, so sda1:bzImage and sda2: are devices
            if (!device) throw PathException.unknownForm(text, "'" + prefix + "' is not a device name (an NFS path needs host:/absolute/path)");
            return List.of(new DeviceFile(new Named(prefix), Segments.normalizeAbsolute(path)));
        }
        String normal = Segments.normalizeAbsolute(path);
        List<Location> out = new ArrayList<>();
        if (device && !Hosts.onlyHost(prefix)) out.add(new DeviceFile(new Named(prefix), normal));
        if (Hosts.valid(prefix)) out.add(new Nfs(prefix, normal));
        if (out.isEmpty()) {
            String hint = prefix.contains("@") ? " (for SSH use sftp://user@host/path)" : "";
            throw PathException.unknownForm(text, "'" + prefix + "' is neither a device nor a host name" + hint);
        }
        return out;
    }

    // ---- URLs

    private static Location url(String scheme, String rest, String text) {
        if (rest.indexOf('#') >= 0) {
            throw PathException.unknownForm(text, "the only fragment understood is #sha256=<64 hex digits>");
        }
        int end = firstOf(rest, "/?");
        String authority = rest.substring(0, end);
        String pathAndQuery = rest.substring(end);
        int question = pathAndQuery.indexOf('?');
        String rawPath = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String rawQuery = question < 0 ? null : pathAndQuery.substring(question + 1);
        if (rawPath.isEmpty()) rawPath = "/";
        Percent.decode(rawPath, text); // bad escapes are reported now, not when fetching
        if (!Percent.validRaw(rawPath, Percent.PATH_CHARS)) {
            throw PathException.unknownForm(text, "the URL path has a character that must be percent-encoded (a space is %20)");
        }
        if (rawQuery != null && !Percent.validRaw(rawQuery, Percent.QUERY_CHARS)) {
            throw PathException.unknownForm(text, "the URL query has a character that must be percent-encoded");
        }
        Authority a = authority(authority, text);
        return switch (scheme) {
            case "file" -> {
                if (!a.host.isEmpty() && !a.host.equals("localhost") || a.user != null || a.port != -1 || rawQuery != null) {
                    throw PathException.unknownForm(text, "a file URL names a file on this machine: file:///path");
                }
                yield new Loader(Segments.normalizeAbsolute(Percent.decode(rawPath, text)));
            }
            case "nfs" -> {
                requireHost(a, text);
                if (a.user != null) throw PathException.unknownForm(text, "an NFS URL has no user name");
                yield new Nfs(a.host, a.port, Segments.normalizeAbsolute(Percent.decode(rawPath, text)), nfsOptions(rawQuery, text));
            }
            case "http", "https", "ftp", "tftp", "sftp" -> {
                requireHost(a, text);
                Scheme s = Scheme.valueOf(scheme.toUpperCase(Locale.ROOT));
                if (s == Scheme.TFTP && a.user != null) throw PathException.unknownForm(text, "TFTP has no user names");
                if (rawQuery != null && s != Scheme.HTTP && s != Scheme.HTTPS) {
                    throw PathException.unknownForm(text, "only HTTP(S) URLs take a ?query");
                }
                yield new Url(s, a.user, a.password, a.host, a.port, rawPath, rawQuery);
            }
            default -> throw PathException.unknownForm(text, "unknown URL scheme '" + scheme + "'");
        };
    }

    private record Authority(String user, String password, String host, int port) {}

    /** [user[:password]@]host[:port], host possibly [v6]. */
    private static Authority authority(String authority, String text) {
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            if (!Percent.validRaw(info, Percent.USERINFO_CHARS + ":")) {
                throw PathException.unknownForm(text, "the user name or password has a character that must be percent-encoded");
            }
            int colon = info.indexOf(':');
            user = Percent.decode(colon < 0 ? info : info.substring(0, colon), text);
            password = colon < 0 ? null : Percent.decode(info.substring(colon + 1), text);
            if (user.isEmpty()) throw PathException.unknownForm(text, "empty user name before '@'");
        }
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = close < 0 ? "" : authority.substring(1, close);
            if (close < 0 || !Hosts.ipv6(host)) {
                throw PathException.unknownForm(text, "bad IPv6 address in brackets (zone ids like %eth0 are not supported)");
            }
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) throw PathException.unknownForm(text, "only ':port' may follow ']'");
                port = after.substring(1);
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            if (colon >= 0) port = authority.substring(colon + 1);
            if (!host.isEmpty() && !Hosts.valid(host)) {
                throw PathException.unknownForm(text, "'" + host + "' is not a host name or address (IPv6 goes in brackets)");
            }
        }
        return new Authority(user, password, host.toLowerCase(Locale.ROOT), port(port, text));
    }

    private static int port(String port, String text) {
        if (port == null) return -1;
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw PathException.unknownForm(text, "port '" + port + "' is not a number from 1 to 65535");
        }
        return Integer.parseInt(port);
    }

    private static void requireHost(Authority a, String text) {
        if (a.host.isEmpty()) throw PathException.unknownForm(text, "the URL has no host");
    }

    /** ?vers=3&proto=tcp becomes [vers=3, proto=tcp]. */
    private static List<String> nfsOptions(String rawQuery, String text) {
        if (rawQuery == null || rawQuery.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        for (String option : rawQuery.split("&", -1)) {
            String decoded = Percent.decode(option, text);
            if (!Nfs.validOption(decoded)) {
                throw PathException.unknownForm(text, "bad NFS option '" + decoded + "': options are key or key=value, e.g. ?vers=3&proto=tcp");
            }
            out.add(decoded);
        }
        return out;
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) return i;
        }
        return s.length();
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < ' ' || c == 0x7f ? '?' : (char) c));
        return out.toString();
    }
}
