package lobos.tftp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import lobos.tftp.TftpPacket.Ack;
import lobos.tftp.TftpPacket.Data;
import lobos.tftp.TftpPacket.ErrorPacket;
import lobos.tftp.TftpPacket.Mode;
import lobos.tftp.TftpPacket.OptionAck;
import lobos.tftp.TftpPacket.ReadRequest;
import lobos.tftp.TftpPacket.WriteRequest;

/**
 * Pure encoder and decoder of TFTP datagrams (RFC 1350 with RFC 2347 options). Strings on
 * the wire are NUL-terminated; lobos reads and writes them as UTF-8 (plain ASCII for every
 * name and option the RFCs define) and refuses bytes that are not.
 */
public final class TftpCodec {
    public static final int RRQ = 1;
    public static final int WRQ = 2;
    public static final int DATA = 3;
    public static final int ACK = 4;
    public static final int ERROR = 5;
    public static final int OACK = 6;

    /** Largest UDP payload; no TFTP packet can be longer. */
    public static final int MAX_PACKET = 65507;

    private TftpCodec() {}

    /** Decodes the datagram in {@code bytes[offset, offset+length)}. */
    public static TftpPacket decode(byte[] bytes, int offset, int length) {
        return decode(ByteBuffer.wrap(bytes, offset, length).slice());
    }

    public static TftpPacket decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes the datagram between the buffer's position and limit; byte offsets count from the position. */
    public static TftpPacket decode(ByteBuffer datagram) {
        var in = new Reader(datagram.slice());
        int opcode = in.u16("opcode");
        return switch (opcode) {
            case RRQ -> {
                String filename = in.string("filename");
                yield new ReadRequest(filename, in.mode(), in.options("RRQ option"));
            }
            case WRQ -> {
                String filename = in.string("filename");
                yield new WriteRequest(filename, in.mode(), in.options("WRQ option"));
            }
            case DATA -> {
                int block = in.u16("block number");
                if (in.remaining() > TftpPacket.MAX_BLOCK_SIZE) {
                    throw new TftpProtocolException("DATA payload", in.position(),
                            in.remaining() + " bytes, more than the largest block size " + TftpPacket.MAX_BLOCK_SIZE);
                }
                yield new Data(block, in.rest());
            }
            case ACK -> {
                int block = in.u16("block number");
                in.end("ACK");
                yield new Ack(block);
            }
            case ERROR -> new ErrorPacket(in.u16("error code"), in.lenientString());
            case OACK -> new OptionAck(in.options("OACK option"));
            default -> throw new TftpProtocolException("opcode", 0, "unknown opcode " + opcode + " (expected 1 to 6)");
        };
    }

    /** Encodes a packet into a new array. */
    public static byte[] encode(TftpPacket packet) {
        var out = ByteBuffer.allocate(MAX_PACKET);
        encode(packet, out);
        out.flip();
        var bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /**
     * Writes a packet at the buffer's position. Throws {@link TftpProtocolException} when a
     * string cannot be sent (a NUL inside it) or the packet is longer than a datagram.
     */
    public static void encode(TftpPacket packet, ByteBuffer out) {
        var w = new Writer(out);
        switch (packet) {
            case ReadRequest r -> w.u16(RRQ).string("filename", r.filename()).string("mode", r.mode().wireName()).options(r.options());
            case WriteRequest r -> w.u16(WRQ).string("filename", r.filename()).string("mode", r.mode().wireName()).options(r.options());
            case Data d -> w.u16(DATA).u16(d.block()).bytes(d.data());
            case Ack a -> w.u16(ACK).u16(a.block());
            case ErrorPacket e -> w.u16(ERROR).u16(e.code()).string("error message", e.message());
            case OptionAck o -> w.u16(OACK).options(o.options());
        }
    }

    /** Reads fields from a datagram, naming each field and its offset when it is wrong. */
    private static final class Reader {
        private final ByteBuffer in;

        Reader(ByteBuffer in) {
            this.in = in;
        }

        int position() {
            return in.position();
        }

        int remaining() {
            return in.remaining();
        }

        int u16(String field) {
            if (in.remaining() < 2) {
                throw new TftpProtocolException(field, in.position(), "packet ends after " + in.limit() + " bytes, 2 more are needed");
            }
            return Short.toUnsignedInt(in.getShort());
        }

        byte[] rest() {
            var bytes = new byte[in.remaining()];
            in.get(bytes);
            return bytes;
        }

        void end(String packet) {
            if (in.hasRemaining()) {
                throw new TftpProtocolException(packet, in.position(), in.remaining() + " unexpected bytes after the end of the packet");
            }
        }

        /** A NUL-terminated string. */
        String string(String field) {
            int start = in.position();
            int nul = nulFrom(start);
            if (nul < 0) throw new TftpProtocolException(field, start, "no terminating NUL byte before the end of the packet");
            String s = utf8(field, start, nul);
            in.position(nul + 1);
            return s;
        }

        /** The message of an ERROR packet: some peers omit its NUL, and a message is worth showing anyway. */
        String lenientString() {
            int start = in.position();
            int nul = nulFrom(start);
            int end = nul < 0 ? in.limit() : nul;
            String s = new String(bytesAt(start, end), StandardCharsets.UTF_8);
            in.position(nul < 0 ? end : nul + 1);
            return s;
        }

        Mode mode() {
            int start = in.position();
            String text = string("mode");
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "netascii" -> Mode.NETASCII;
                case "octet" -> Mode.OCTET;
                case "mail" -> Mode.MAIL;
                default -> throw new TftpProtocolException("mode", start, "unknown transfer mode \"" + text + "\" (expected netascii or octet)");
            };
        }

        SequencedMap<String, String> options(String field) {
            var options = new LinkedHashMap<String, String>();
            while (in.hasRemaining()) {
                int start = in.position();
                String name = string(field + " name");
                if (name.isEmpty()) throw new TftpProtocolException(field + " name", start, "empty option name");
                if (!in.hasRemaining()) {
                    throw new TftpProtocolException(field + " value", in.position(), "option \"" + name + "\" has no value");
                }
                String value = string(field + " value");
                if (options.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
                    throw new TftpProtocolException(field + " name", start, "option \"" + name + "\" appears twice");
                }
            }
            return options;
        }

        private int nulFrom(int start) {
            for (int i = start; i < in.limit(); i++) {
                if (in.get(i) == 0) return i;
            }
            return -1;
        }

        private byte[] bytesAt(int start, int end) {
            var bytes = new byte[end - start];
            in.get(start, bytes);
            return bytes;
        }

        private String utf8(String field, int start, int end) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytesAt(start, end)))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new TftpProtocolException(field, start, "not valid UTF-8 text");
            }
        }
    }

    private static final class Writer {
        private final ByteBuffer out;

        Writer(ByteBuffer out) {
            this.out = out;
        }

        Writer u16(int value) {
            room("16-bit field", 2);
            out.putShort((short) value);
            return this;
        }

        Writer bytes(byte[] bytes) {
            room("DATA payload", bytes.length);
            out.put(bytes);
            return this;
        }

        Writer string(String field, String s) {
            if (s.indexOf('\0') >= 0) {
                throw new TftpProtocolException(field, out.position(), "contains a NUL character, which TFTP cannot send");
            }
            var bytes = encodeUtf8(field, s);
            room(field, bytes.length + 1);
            out.put(bytes).put((byte) 0);
            return this;
        }

        Writer options(Map<String, String> options) {
            options.forEach((name, value) -> {
                if (name.isEmpty()) throw new TftpProtocolException("option name", out.position(), "empty option name");
                string("option name", name);
                string("option " + name, value);
            });
            return this;
        }

        private byte[] encodeUtf8(String field, String s) {
            try {
                var bb = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
                var bytes = new byte[bb.remaining()];
                bb.get(bytes);
                return bytes;
            } catch (CharacterCodingException e) {
                throw new TftpProtocolException(field, out.position(), "contains an unpaired surrogate, not encodable as UTF-8");
            }
        }

        private void room(String field, int bytes) {
            if (out.remaining() < bytes) {
                throw new TftpProtocolException(field, out.position(), "packet would exceed " + out.limit() + " bytes");
            }
        }
    }
}
