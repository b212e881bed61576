package lobos.shell;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lobos.LobosException;

/**
 * SHA-crypt, the password hashes of /etc/shadow ({@code $5$} SHA-256, {@code $6$} SHA-512), as
 * Ulrich Drepper's public specification "Unix crypt using SHA-256 and SHA-512" defines them.
 * kboot.conf's {@code password=} holds one; {@code lobos passwd} makes one. Pure: no I/O.
 */
public final class ShaCrypt {
    /** The rounds when a hash names none (the specification's default). */
    public static final int DEFAULT_ROUNDS = 5000;
    static final int MIN_ROUNDS = 1000;
    static final int MAX_ROUNDS = 999_999_999;
    /**
     * The most rounds lobos computes when it checks a password: about a second of SHA-512 here.
     * A larger count (valid in the specification) would make every attempt at the console wait
     * minutes.
     */
    public static final int MAX_CHECKED_ROUNDS = 2_000_000;
    static final int MAX_SALT = 16;
    private static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern FORM = Pattern.compile("\\$([56])\\$(?:rounds=([0-9]{1,10})\\$)?([^$:\\n]*)\\$([./0-9A-Za-z]+)");

    /**
     * A parsed hash.
     *
     * @param variant  5 (SHA-256) or 6 (SHA-512)
     * @param rounds   the rounds the hash names, or -1 for the default (then not written back)
     * @param salt     at most 16 characters
     * @param checksum the encoded digest
     */
    public record Hash(int variant, int rounds, String salt, String checksum) {
        int effectiveRounds() {
            return rounds < 0 ? DEFAULT_ROUNDS : Math.clamp(rounds, MIN_ROUNDS, MAX_ROUNDS);
        }
    }

    private ShaCrypt() {}

    /** Reads a {@code $5$...} or {@code $6$...} hash; throws a {@link LobosException} saying what is wrong. */
    public static Hash parse(String text) {
        String hint = "give the whole hash as lobos passwd or mkpasswd -m sha-512 prints it: $6$salt$...";
        if (text == null || text.isBlank()) throw new LobosException("the password hash is empty", hint);
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            String kind = text.startsWith("$1$") ? " (an MD5 hash)" : text.startsWith("$2") ? " (a bcrypt hash)"
                    : text.startsWith("$y$") ? " (a yescrypt hash)" : "";
            throw new LobosException("the password hash is not a SHA-crypt hash ($5$ or $6$)" + kind, hint);
        }
        int variant = m.group(1).charAt(0) - '0';
        int rounds = -1;
        if (m.group(2) != null) {
            long r = Long.parseLong(m.group(2));
            rounds = (int) Math.min(r, MAX_ROUNDS);
        }
        String salt = m.group(3);
        if (salt.length() > MAX_SALT) salt = salt.substring(0, MAX_SALT);
        int expected = variant == 6 ? 86 : 43;
        if (m.group(4).length() != expected) {
            throw new LobosException("the password hash's digest has " + m.group(4).length() + " characters, not "
                    + expected, hint);
        }
        return new Hash(variant, rounds, salt, m.group(4));
    }

    /** Whether {@code password} matches {@code hash}; a hash lobos cannot read or check throws. */
    public static boolean matches(String password, String hash) {
        Hash h = parse(hash);
        if (h.effectiveRounds() > MAX_CHECKED_ROUNDS) {
            throw new LobosException("the password hash asks for " + h.rounds() + " rounds, more than lobos checks ("
                    + MAX_CHECKED_ROUNDS + ")", "make a new one with lobos passwd (5000 rounds)");
        }
        String computed = crypt(password, h.variant(), h.rounds(), h.salt());
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                format(h).getBytes(StandardCharsets.US_ASCII));
    }

    /** A new SHA-512 hash of {@code password} with a random 16-character salt. */
    public static String hash(String password, int rounds) {
        SecureRandom random = new SecureRandom();
        StringBuilder salt = new StringBuilder();
        for (int i = 0; i < MAX_SALT; i++) salt.append(ITOA64.charAt(random.nextInt(64)));
        return crypt(password, 6, rounds == DEFAULT_ROUNDS ? -1 : rounds, salt.toString());
    }

    /**
     * The hash of {@code password} with this salt.
     *
     * @param variant 5 or 6
     * @param rounds  -1 for the default, unwritten; else clamped to 1000..999999999 and written
     */
    public static String crypt(String password, int variant, int rounds, String salt) {
        String s = salt.length() > MAX_SALT ? salt.substring(0, MAX_SALT) : salt;
        Hash h = new Hash(variant, rounds, s, "");
        byte[] digest = digest(password.getBytes(StandardCharsets.UTF_8), s.getBytes(StandardCharsets.UTF_8),
                h.effectiveRounds(), variant == 6 ? "SHA-512" : "SHA-256");
        return format(new Hash(variant, rounds < 0 ? -1 : h.effectiveRounds(), s, encode(digest, variant)));
    }

    private static String format(Hash h) {
        return "$" + h.variant() + "$" + (h.rounds() < 0 ? "" : "rounds=" + h.rounds() + "$") + h.salt() + "$"
                + h.checksum();
    }

    /** Steps 1 to 21 of the specification. */
    private static byte[] digest(byte[] p, byte[] s, int rounds, String algorithm) {
        MessageDigest md = sha(algorithm);
        int size = md.getDigestLength();
        // B = H(P S P)
        md.update(p);
        md.update(s);
        md.update(p);
        byte[] b = md.digest();
        // A = H(P S, B repeated to the length of P, then B or P for each bit of that length)
        md.update(p);
        md.update(s);
        int n;
        for (n = p.length; n > size; n -= size) md.update(b);
        md.update(b, 0, n);
        for (n = p.length; n > 0; n >>= 1) md.update((n & 1) != 0 ? b : p);
        byte[] a = md.digest();
        // P' = H(P repeated |P| times), stretched to |P|
        for (int i = 0; i < p.length; i++) md.update(p);
        byte[] pp = stretch(md.digest(), p.length);
        // S' = H(S repeated 16 + A[0] times), stretched to |S|
        for (int i = 0; i < 16 + (a[0] & 0xff); i++) md.update(s);
        byte[] ss = stretch(md.digest(), s.length);
        for (int i = 0; i < rounds; i++) {
            md.update((i & 1) != 0 ? pp : a);
            if (i % 3 != 0) md.update(ss);
            if (i % 7 != 0) md.update(pp);
            md.update((i & 1) != 0 ? a : pp);
            a = md.digest();
        }
        return a;
    }

    private static byte[] stretch(byte[] digest, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) out[i] = digest[i % digest.length];
        return out;
    }

    /** The specification's base-64 of the final digest, with its byte order. */
    private static String encode(byte[] d, int variant) {
        StringBuilder out = new StringBuilder();
        if (variant == 6) {
            for (int i = 0; i < 21; i++) {
                int j = (i * 22) % 63; // 0, 22, 44, 3, 25, ...: the first byte of each group
                b64(out, d[j], d[(j + 21) % 63], d[(j + 42) % 63], 4);
            }
            b64(out, (byte) 0, (byte) 0, d[63], 2);
        } else {
            for (int i = 0; i < 10; i++) {
                int j = (i * 21) % 30; // 0, 21, 12, 3, 24, ...
                b64(out, d[j], d[(j + 10) % 30], d[(j + 20) % 30], 4);
            }
            b64(out, (byte) 0, d[31], d[30], 3);
        }
        return out.toString();
    }

    private static void b64(StringBuilder out, byte b2, byte b1, byte b0, int n) {
        int w = ((b2 & 0xff) << 16) | ((b1 & 0xff) << 8) | (b0 & 0xff);
        for (int i = 0; i < n; i++) {
            out.append(ITOA64.charAt(w & 0x3f));
            w >>>= 6;
        }
    }

    private static MessageDigest sha(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
