package lobos.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class CpioReaderTest {
    /** "." at 0, "a" = "hello" at 112, TRAILER!!! at 232, 356 bytes: the layout buffer-format.rst gives. */
    static byte[] base() throws IOException {
        var out = new ByteArrayOutputStream();
        new InitramfsBuilder().file("a", "hello".getBytes(StandardCharsets.US_ASCII), 0644).writeTo(out, Compression.NONE);
        return out.toByteArray();
    }

    @Test
    void baseHasTheLayoutTheTableAssumes() throws IOException {
        byte[] b = base();
        assertThat(b).hasSize(356);
        assertThat(new String(b, 112, 110 + 2 + 5, StandardCharsets.US_ASCII)).isEqualTo(
                "070701" + "00000001" + "000081A4" + "00000000" + "00000000" + "00000001" + "00000000" + "00000005"
                        + "00000000" + "00000000" + "00000000" + "00000000" + "00000002" + "00000000" + "a\0hello");
        assertThat(new String(b, 232, 121, StandardCharsets.US_ASCII)).startsWith("070701").endsWith("0000000B00000000TRAILER!!!\0");
    }

    @Test
    void readsEntriesAndSkipsTrailersAndZeroPadding() throws IOException {
        byte[] one = base();
        byte[] two = new byte[one.length * 2 + 512];
        System.arraycopy(one, 0, two, 0, one.length);
        System.arraycopy(one, 0, two, one.length + 512, one.length); // zeros between: a second archive after padding
        List<CpioEntry> entries = readAll(two, true);
        assertThat(entries).extracting(CpioEntry::name).containsExactly(".", "a", ".", "a");
        CpioEntry a = entries.get(1);
        assertThat(a.offset()).isEqualTo(112);
        assertThat(a.type()).isEqualTo(FileType.FILE);
        assertThat(a.permissions()).isEqualTo(0644);
        assertThat(a.data()).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
        assertThat(entries.get(3).offset()).isEqualTo(one.length + 512 + 112);
        assertThat(readAll(two, false).get(1).data()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "corrupt-cpio.csv", delimiter = '|', quoteCharacter = '`')
    void corruptInputNamesFieldAndOffset(String name, String mutations, String message, long offset) throws IOException {
        byte[] input = base();
        for (String m : mutations.split(";")) input = mutate(input, m.trim().split(" "));
        byte[] bad = input;
        assertThatThrownBy(() -> readAll(bad, true))
                .isInstanceOf(CpioFormatException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((CpioFormatException) e).offset()).isEqualTo(offset));
    }

    static byte[] mutate(byte[] in, String[] m) {
        return switch (m[0]) {
            case "truncate" -> Arrays.copyOf(in, Integer.parseInt(m[1]));
            case "put", "puthex" -> {
                byte[] patch = m[0].equals("put") ? m[2].getBytes(StandardCharsets.US_ASCII) : HexFormat.of().parseHex(m[2]);
                byte[] out = in.clone();
                System.arraycopy(patch, 0, out, Integer.parseInt(m[1]), patch.length);
                yield out;
            }
            case "insert" -> {
                int at = Integer.parseInt(m[1]);
                byte[] patch = HexFormat.of().parseHex(m[2]);
                byte[] out = new byte[in.length + patch.length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(patch, 0, out, at, patch.length);
                System.arraycopy(in, at, out, at + patch.length, in.length - at);
                yield out;
            }
            default -> throw new IllegalArgumentException(m[0]);
        };
    }

    static List<CpioEntry> readAll(byte[] archive, boolean withData) throws IOException {
        var reader = new CpioReader(new ByteArrayInputStream(archive), withData);
        List<CpioEntry> entries = new ArrayList<>();
        for (CpioEntry e; (e = reader.next()) != null; ) entries.add(e);
        return entries;
    }
}
