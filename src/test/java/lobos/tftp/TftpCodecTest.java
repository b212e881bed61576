package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.stream.Stream;
import lobos.tftp.TftpPacket.Ack;
import lobos.tftp.TftpPacket.Data;
import lobos.tftp.TftpPacket.ErrorPacket;
import lobos.tftp.TftpPacket.Mode;
import lobos.tftp.TftpPacket.OptionAck;
import lobos.tftp.TftpPacket.ReadRequest;
import lobos.tftp.TftpPacket.WriteRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Wire images written by hand from the packet diagrams of RFC 1350 section 5 and RFC 2347 section 2. */
class TftpCodecTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static Stream<Arguments> packets() {
        return Stream.of(
                // RRQ "a.b" octet:  | 01 | a.b | 0 | octet | 0 |
                Arguments.of("0001 612e62 00 6f63746574 00", new ReadRequest("a.b", Mode.OCTET)),
                // RFC 2347's own example: RRQ foobar netascii blksize 1428 tsize 0
                Arguments.of("0001 666f6f626172 00 6e65746173636969 00 626c6b73697a65 00 31343238 00 7473697a65 00 30 00",
                        new ReadRequest("foobar", Mode.NETASCII, TestFiles.options("blksize", "1428", "tsize", "0"))),
                Arguments.of("0002 78 00 6f63746574 00", new WriteRequest("x", Mode.OCTET, TestFiles.options())),
                Arguments.of("0003 0001 0102ff", new Data(1, new byte[] {1, 2, (byte) 0xff})),
                Arguments.of("0003 ffff", new Data(65535, new byte[0])),
                Arguments.of("0004 0000", new Ack(0)),
                Arguments.of("0004 1234", new Ack(0x1234)),
                Arguments.of("0005 0001 46696c65206e6f7420666f756e64 00", new ErrorPacket(1, "File not found")),
                Arguments.of("0006 626c6b73697a65 00 31343238 00 77696e646f7773697a65 00 34 00",
                        new OptionAck(TestFiles.options("blksize", "1428", "windowsize", "4"))),
                Arguments.of("0006", new OptionAck(TestFiles.options())));
    }

    @ParameterizedTest
    @MethodSource("packets")
    void decodesAndEncodesTheWireImage(String wire, TftpPacket packet) {
        assertThat(TftpCodec.decode(hex(wire))).isEqualTo(packet);
        assertThat(TftpCodec.encode(packet)).isEqualTo(hex(wire));
    }

    @Test
    void modeAndOptionNamesAreCaseInsensitive() {
        // "OCTET", "BlkSize": RFC 1350 and RFC 2347 make both case-insensitive
        var p = TftpCodec.decode(hex("0001 66 00 4f43544554 00 426c6b53697a65 00 3130 00"));
        assertThat(p).isEqualTo(new ReadRequest("f", Mode.OCTET, TestFiles.options("blksize", "10")));
    }

    @Test
    void errorMessageWithoutItsNulIsKept() {
        assertThat(TftpCodec.decode(hex("0005 0002 6e6f"))).isEqualTo(new ErrorPacket(2, "no"));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", "opcode", 0),
                Arguments.of("00", "opcode", 0),
                Arguments.of("0007", "opcode", 0),
                Arguments.of("0000 1234", "opcode", 0),
                Arguments.of("0001 612e62", "filename", 2),
                Arguments.of("0001 66 00 6f63746574", "mode", 4),
                Arguments.of("0001 66 00 6d61696c78 00", "mode", 4),
                Arguments.of("0001 66 00 6f63746574 00 626c6b73697a65 00", "RRQ option value", 18),
                Arguments.of("0001 66 00 6f63746574 00 00 31 00", "RRQ option name", 10),
                Arguments.of("0001 66 00 6f63746574 00 61 00 31 00 41 00 32 00", "RRQ option name", 14),
                Arguments.of("0001 ff 00 6f63746574 00", "filename", 2),
                Arguments.of("0003 00", "block number", 2),
                Arguments.of("0004 0001 00", "ACK", 4),
                Arguments.of("0005 00", "error code", 2),
                Arguments.of("0006 626c6b73697a65", "OACK option name", 2));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedPacketsNameFieldAndOffset(String wire, String field, int offset) {
        assertThatThrownBy(() -> TftpCodec.decode(hex(wire)))
                .isInstanceOfSatisfying(TftpProtocolException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.getMessage()).contains(field).contains("byte " + offset);
                });
    }

    @Test
    void dataLargerThanTheLargestBlockIsRefused() {
        var wire = new byte[4 + TftpPacket.MAX_BLOCK_SIZE + 1];
        wire[1] = 3;
        assertThatThrownBy(() -> TftpCodec.decode(wire))
                .isInstanceOfSatisfying(TftpProtocolException.class, e -> assertThat(e.field()).isEqualTo("DATA payload"));
    }

    @Test
    void stringsWithNulCannotBeEncoded() {
        assertThatThrownBy(() -> TftpCodec.encode(new ReadRequest("a\0b", Mode.OCTET)))
                .isInstanceOfSatisfying(TftpProtocolException.class, e -> assertThat(e.field()).isEqualTo("filename"));
    }

    @Test
    void optionValuesParseOnlyPlainDecimalsInRange() {
        assertThat(TftpOptions.number("1468", 8, 65464)).hasValue(1468);
        assertThat(TftpOptions.number("0008", 8, 65464)).hasValue(8);
        assertThat(TftpOptions.number("7", 8, 65464)).isEmpty();
        assertThat(TftpOptions.number("65465", 8, 65464)).isEmpty();
        assertThat(TftpOptions.number("+9", 8, 65464)).isEmpty();
        assertThat(TftpOptions.number("", 0, 1)).isEmpty();
        assertThat(TftpOptions.number("99999999999999999999", 0, Long.MAX_VALUE)).isEmpty();
    }
}
