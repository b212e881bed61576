package lobos.path;

import java.util.HexFormat;
import java.util.Locale;

/** An expected SHA-256 digest, from a path's {@code #sha256=<hex>} suffix; {@code hex} is lower case. */
public record Sha256(String hex) {
    public Sha256 {
        if (hex == null || !hex.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("not a SHA-256 digest: " + hex);
    }

    /** Parses 64 hex digits in either case. */
    static Sha256 parse(String text, String path) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.matches("[0-9a-f]{64}")) {
            throw new PathException("bad #sha256= suffix in '" + path + "': expected 64 hex digits, got "
                    + text.length() + " characters", "write the digest as sha256sum prints it: path#sha256=<64 hex digits>");
        }
        return new Sha256(lower);
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** Whether a computed digest is this one. */
    public boolean matches(byte[] digest) {
        return java.security.MessageDigest.isEqual(bytes(), digest);
    }

    @Override
    public String toString() {
        return "sha256=" + hex;
    }
}
