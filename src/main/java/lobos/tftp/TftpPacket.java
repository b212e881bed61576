package lobos.tftp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;

/**
 * One TFTP packet (RFC 1350, with the option extension of RFC 2347). {@link TftpCodec} turns
 * packets into datagrams and back. Option names are kept in lower case because RFC 2347 makes
 * them case-insensitive; block numbers are the 16-bit numbers on the wire.
 */
public sealed interface TftpPacket {
    /** Largest DATA payload any option can negotiate (RFC 2348). */
    int MAX_BLOCK_SIZE = 65464;

    /** The payload size of RFC 1350, used when no blksize was negotiated. */
    int DEFAULT_BLOCK_SIZE = 512;

    /** Transfer modes of RFC 1350; {@code mail} is obsolete and refused by lobos. */
    enum Mode {
        NETASCII, OCTET, MAIL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** RRQ: the client asks to read {@code filename}. */
    record ReadRequest(String filename, Mode mode, SequencedMap<String, String> options) implements TftpPacket {
        public ReadRequest {
            options = normalized(options);
        }

        public ReadRequest(String filename, Mode mode) {
            this(filename, mode, new LinkedHashMap<>());
        }
    }

    /** WRQ: the client asks to write {@code filename}; lobos's server refuses these. */
    record WriteRequest(String filename, Mode mode, SequencedMap<String, String> options) implements TftpPacket {
        public WriteRequest {
            options = normalized(options);
        }
    }

    /** DATA: block {@code block} (1-based, wrapping at 65535) of the file; short means last. */
    record Data(int block, byte[] data) implements TftpPacket {
        public Data {
            checkBlock(block);
            if (data.length > MAX_BLOCK_SIZE) {
                throw new IllegalArgumentException("DATA payload of " + data.length + " bytes exceeds " + MAX_BLOCK_SIZE);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && d.block == block && Arrays.equals(d.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * block + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            int shown = Math.min(data.length, 16);
            return "Data[block=" + block + ", " + data.length + " bytes: "
                    + HexFormat.of().formatHex(data, 0, shown) + (shown < data.length ? "...]" : "]");
        }
    }

    /** ACK: every block up to {@code block} arrived (block 0 acknowledges an OACK). */
    record Ack(int block) implements TftpPacket {
        public Ack {
            checkBlock(block);
        }
    }

    /** ERROR: ends the transfer. */
    record ErrorPacket(int code, String message) implements TftpPacket {
        public static final int NOT_DEFINED = 0;
        public static final int FILE_NOT_FOUND = 1;
        public static final int ACCESS_VIOLATION = 2;
        public static final int DISK_FULL = 3;
        public static final int ILLEGAL_OPERATION = 4;
        public static final int UNKNOWN_TID = 5;
        public static final int FILE_EXISTS = 6;
        public static final int NO_SUCH_USER = 7;
        /** RFC 2347: the options were refused. */
        public static final int OPTION_REFUSED = 8;

        /**
         * The longest message lobos sends, in bytes: a message may quote a name or mode from a
         * request, which can be nearly a datagram long, and peers read ERRORs into 516-byte buffers.
         */
        public static final int MAX_MESSAGE = 255;

        public ErrorPacket {
            if (code < 0 || code > 0xFFFF) throw new IllegalArgumentException("error code " + code + " is not 16 bits");
        }

        /** An ERROR to send: its message cut to {@link #MAX_MESSAGE} bytes of UTF-8, ending "..." when cut. */
        public static ErrorPacket bounded(int code, String message) {
            return new ErrorPacket(code, cut(message, MAX_MESSAGE));
        }

        /** The name RFC 1350/2347 gives the code, or "error N" for codes outside them. */
        public String codeName() {
            return switch (code) {
                case NOT_DEFINED -> "not defined";
                case FILE_NOT_FOUND -> "file not found";
                case ACCESS_VIOLATION -> "access violation";
                case DISK_FULL -> "disk full or allocation exceeded";
                case ILLEGAL_OPERATION -> "illegal TFTP operation";
                case UNKNOWN_TID -> "unknown transfer ID";
                case FILE_EXISTS -> "file already exists";
                case NO_SUCH_USER -> "no such user";
                case OPTION_REFUSED -> "options refused";
                default -> "error " + code;
            };
        }
    }

    /** OACK (RFC 2347): the options the server accepted, with the values it chose. */
    record OptionAck(SequencedMap<String, String> options) implements TftpPacket {
        public OptionAck {
            options = normalized(options);
        }
    }

    /** {@code text} cut at a character boundary to at most {@code maxBytes} bytes of UTF-8, "..." marking the cut. */
    static String cut(String text, int maxBytes) {
        if (text.length() * 3 <= maxBytes || text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) return text;
        var out = new StringBuilder();
        int bytes = 3; // the "..." at the end
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + width > maxBytes) break;
            out.appendCodePoint(cp);
            bytes += width;
            i += Character.charCount(cp);
        }
        return out.append("...").toString();
    }

    private static void checkBlock(int block) {
        if (block < 0 || block > 0xFFFF) throw new IllegalArgumentException("block number " + block + " is not 16 bits");
    }

    private static SequencedMap<String, String> normalized(Map<String, String> options) {
        var copy = new LinkedHashMap<String, String>();
        options.forEach((name, value) -> copy.put(name.toLowerCase(Locale.ROOT), value));
        return Collections.unmodifiableSequencedMap(copy);
    }
}
