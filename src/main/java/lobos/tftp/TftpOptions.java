package lobos.tftp;

import java.util.OptionalLong;

/** Names and ranges of the options lobos negotiates (RFC 2348, 2349, 7440). */
public final class TftpOptions {
    public static final String BLKSIZE = "blksize";
    public static final String TSIZE = "tsize";
    public static final String TIMEOUT = "timeout";
    public static final String WINDOWSIZE = "windowsize";

    public static final int MIN_BLOCK_SIZE = 8;
    public static final int MAX_WINDOW_SIZE = 65535;
    public static final int MAX_TIMEOUT_SECONDS = 255;

    private TftpOptions() {}

    /**
     * The decimal value of an option if it lies in [min, max]; empty for anything else
     * (signs, spaces, overflow), which both sides treat as a refused option.
     */
    public static OptionalLong number(String value, long min, long max) {
        if (value.isEmpty() || value.length() > 19) return OptionalLong.empty();
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') return OptionalLong.empty();
            n = n * 10 + (c - '0');
        }
        return n >= min && n <= max ? OptionalLong.of(n) : OptionalLong.empty();
    }
}
