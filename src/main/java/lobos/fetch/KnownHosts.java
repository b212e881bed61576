package lobos.fetch;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import lobos.Wildcard;

/**
 * An OpenSSH {@code known_hosts} file: which public keys a server may present. Lines are
 * {@code [marker] hosts keytype base64-key [comment]}; {@code hosts} is a comma-separated list of
 * patterns ({@code *} and {@code ?} wildcards, {@code !} negates, {@code [host]:port} for ports
 * other than 22) or one hashed name {@code |1|salt|hmac-sha1} as {@code ssh-keygen -H} writes it.
 * Lines that cannot be read are skipped, as OpenSSH does; {@code @cert-authority} lines are
 * skipped too (lobos does not take host certificates).
 */
public record KnownHosts(List<Entry> entries) {
    /** A line's marker. */
    public enum Marker { NONE, REVOKED }

    /**
     * One usable line.
     *
     * @param line    1-based line number, for messages
     * @param hosts   the host patterns, or one hashed name
     * @param keyType the key type inside the key blob ({@code ssh-ed25519}, {@code ssh-rsa}...)
     * @param key     the public key blob in SSH wire format
     */
    public record Entry(int line, Marker marker, List<String> hosts, String keyType, byte[] key) {
        public Entry {
            hosts = List.copyOf(hosts);
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        boolean sameKey(byte[] blob) {
            return MessageDigest.isEqual(key, blob);
        }
    }

    /** What the file says about a host's key. */
    public sealed interface Verdict {
        /** The key is listed for the host on {@code line}. */
        record Known(int line) implements Verdict {}

        /** The key is marked {@code @revoked} on {@code line}. */
        record Revoked(int line) implements Verdict {}

        /** The host is listed with a key of the same type that is not this one. */
        record Changed(List<Entry> listed) implements Verdict {}

        /** The host is not listed with a key of this type; {@code otherTypes} are listed for it. */
        record Unknown(Set<String> otherTypes) implements Verdict {}
    }

    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HOST_NAME = 1024;

    public KnownHosts {
        entries = List.copyOf(entries);
    }

    /** Reads the file's text; never fails, lines that make no sense are left out. */
    public static KnownHosts parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Entry e = parseLine(i + 1, lines[i]);
            if (e != null) entries.add(e);
        }
        return new KnownHosts(entries);
    }

    private static Entry parseLine(int number, String line) {
        if (line.length() > MAX_LINE) return null;
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) return null;
        String[] f = s.split("[ \t]+");
        int i = 0;
        Marker marker = Marker.NONE;
        if (f[0].startsWith("@")) {
            if (!f[0].equals("@revoked")) return null; // @cert-authority or unknown marker
            marker = Marker.REVOKED;
            i = 1;
        }
        if (f.length < i + 3) return null;
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(f[i + 2]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String type = blobType(blob);
        if (type == null || !type.equals(f[i + 1])) return null;
        List<String> hosts = List.of(f[i].split(","));
        return new Entry(number, marker, hosts, type, blob);
    }

    /** The key type a key blob starts with (an SSH string), or null if it does not. */
    static String blobType(byte[] blob) {
        if (blob.length < 4) return null;
        long n = ((blob[0] & 0xffL) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (n < 1 || n > 64 || 4 + n > blob.length) return null;
        String type = new String(blob, 4, (int) n, StandardCharsets.US_ASCII);
        return type.matches("[A-Za-z0-9@._-]+") ? type : null;
    }

    /**
     * The name a host is listed under: {@code host} for port 22, {@code [host]:port} otherwise,
     * in lower case.
     */
    public static String hostName(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        return port == 22 ? h : "[" + h + "]:" + port;
    }

    /** What the file says about {@code key} (an SSH public key blob) for {@code host} on {@code port}. */
    public Verdict check(String host, int port, byte[] key) {
        String name = hostName(host, port);
        String type = blobType(key);
        List<Entry> sameType = new ArrayList<>();
        Set<String> otherTypes = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (!matches(e.hosts(), name)) continue;
            if (e.marker() == Marker.REVOKED) {
                if (e.sameKey(key)) return new Verdict.Revoked(e.line());
                continue;
            }
            if (e.sameKey(key)) return new Verdict.Known(e.line());
            if (e.keyType().equals(type)) sameType.add(e);
            else otherTypes.add(e.keyType());
        }
        return sameType.isEmpty() ? new Verdict.Unknown(otherTypes) : new Verdict.Changed(sameType);
    }

    /** The key types listed for a host, in file order (a client prefers them when it negotiates). */
    public Set<String> keyTypes(String host, int port) {
        String name = hostName(host, port);
        Set<String> types = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (e.marker() == Marker.NONE && matches(e.hosts(), name)) types.add(e.keyType());
        }
        return types;
    }

    /** Whether a line's host list names {@code name}: some pattern matches and no negated one does. */
    static boolean matches(List<String> patterns, String name) {
        if (name.length() > MAX_HOST_NAME) return false;
        if (patterns.size() == 1 && patterns.getFirst().startsWith("|1|")) return hashedMatches(patterns.getFirst(), name);
        boolean found = false;
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            String pattern = (negated ? p.substring(1) : p).toLowerCase(Locale.ROOT);
            if (pattern.length() > MAX_HOST_NAME || !Wildcard.matches(pattern, name)) continue;
            if (negated) return false;
            found = true;
        }
        return found;
    }

    /** {@code |1|base64(salt)|base64(HMAC-SHA1(salt, name))}. */
    private static boolean hashedMatches(String hashed, String name) {
        String[] parts = hashed.substring(3).split("\\|", -1);
        if (parts.length != 2) return false;
        try {
            byte[] salt = Base64.getDecoder().decode(parts[0]);
            byte[] expected = Base64.getDecoder().decode(parts[1]);
            if (salt.length == 0) return false;
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(mac.doFinal(name.getBytes(StandardCharsets.UTF_8)), expected);
        } catch (IllegalArgumentException | NoSuchAlgorithmException | InvalidKeyException e) {
            return false;
        }
    }

    /** The key's fingerprint as {@code ssh-keygen -l} prints it: {@code SHA256:} and unpadded base64. */
    public static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line that lists {@code key} for {@code host} on {@code port}, as {@code ssh-keyscan} prints it. */
    public static String line(String host, int port, byte[] key) {
        String type = blobType(key);
        return hostName(host, port) + " " + (type == null ? "unknown" : type) + " "
                + Base64.getEncoder().encodeToString(key);
    }
}
