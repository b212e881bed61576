package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import lobos.tftp.TftpPacket.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a transfer reads: octet bytes in place, netascii converted while sending and read again from any unacknowledged block. */
class BlockSourceTest {
    @TempDir
    Path tmp;

    private static byte[] block(BlockSource source, long index, int size) throws Exception {
        var buffer = ByteBuffer.allocate(size);
        source.read(index * size, buffer);
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    @Test
    void netasciiBlocksAndAResendFromTheAcknowledgedBlock() throws Exception {
        var text = "a\nb\r\nc\rd".getBytes(StandardCharsets.US_ASCII);
        try (var source = BlockSource.open(TftpContent.of(text), Mode.NETASCII)) {
            assertThat(source.size()).isEqualTo(12);
            assertThat(block(source, 0, 3)).isEqualTo(new byte[] {'a', '\r', '\n'});
            assertThat(block(source, 1, 3)).isEqualTo(new byte[] {'b', '\r', 0});
            assertThat(block(source, 2, 3)).isEqualTo(new byte[] {'\r', '\n', 'c'});
            source.acknowledged(3);
            assertThat(block(source, 1, 3)).as("resent").isEqualTo(new byte[] {'b', '\r', 0});
            assertThat(block(source, 2, 3)).isEqualTo(new byte[] {'\r', '\n', 'c'});
            assertThat(block(source, 3, 3)).isEqualTo(new byte[] {'\r', 0, 'd'});
            assertThat(block(source, 4, 3)).as("the empty last block").isEmpty();
        }
    }

    /** A pair split across two blocks, resent from the block that holds its second half. */
    @Test
    void aResendInsideAPair() throws Exception {
        var text = "x\n\n".getBytes(StandardCharsets.US_ASCII); // x CR LF CR LF
        try (var source = BlockSource.open(TftpContent.of(text), Mode.NETASCII)) {
            assertThat(block(source, 0, 2)).isEqualTo(new byte[] {'x', '\r'});
            assertThat(block(source, 1, 2)).isEqualTo(new byte[] {'\n', '\r'});
            source.acknowledged(2);
            assertThat(block(source, 1, 2)).isEqualTo(new byte[] {'\n', '\r'});
            assertThat(block(source, 2, 2)).isEqualTo(new byte[] {'\n'});
        }
    }

    /** Random text, windows of blocks with resends from the last acknowledged block: always RFC 764's bytes. */
    @Test
    void windowsWithResendsOfRandomText() throws Exception {
        var random = new Random(8);
        var text = new byte[20_000];
        for (int i = 0; i < text.length; i++) text[i] = (byte) "ab\r\n\0"
                .charAt(random.nextInt(5));
        byte[] expected = reference(text);
        Path file = TestFiles.write(tmp, "text", text);
        int size = 97;
        try (var source = BlockSource.open(TftpContent.of(file), Mode.NETASCII)) {
            assertThat(source.size()).isEqualTo(expected.length);
            long blocks = expected.length / size + 1;
            long base = 0;
            while (base < blocks) {
                long end = Math.min(base + 1 + random.nextInt(8), blocks);
                for (long b = base; b < end; b++) {
                    int from = (int) (b * size);
                    assertThat(block(source, b, size)).as("block %d", b)
                            .isEqualTo(Arrays.copyOfRange(expected, from, Math.min(expected.length, from + size)));
                }
                base += random.nextInt((int) (end - base) + 1); // some of the window acknowledged, maybe none
                source.acknowledged(base * size);
            }
        }
    }

    /** Issue 8: netascii was converted in memory and refused above 64 MiB; now it streams. */
    @Test
    void netasciiOfAFileLargerThan64MiB() throws Exception {
        Path file = tmp.resolve("big.txt");
        long gap = (64L << 20) + 1000;
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("end\n".getBytes(StandardCharsets.US_ASCII)), gap); // sparse zeros before
        }
        try (var source = BlockSource.open(TftpContent.of(file), Mode.NETASCII)) {
            assertThat(source.size()).isEqualTo(gap + 5);
            var last = ByteBuffer.allocate(8);
            source.read(gap - 3, last);
            assertThat(Arrays.copyOf(last.array(), last.position())).isEqualTo(new byte[] {0, 0, 0, 'e', 'n', 'd', '\r', '\n'});
        }
    }

    @Test
    void octetFilesAreReadInPlace() throws Exception {
        Path file = TestFiles.write(tmp, "bin", new byte[] {1, '\n', 3});
        try (var source = BlockSource.open(TftpContent.of(file), Mode.OCTET)) {
            assertThat(source.size()).isEqualTo(3);
            assertThat(block(source, 0, 512)).isEqualTo(new byte[] {1, '\n', 3});
        }
    }

    /** RFC 764 written out independently of lobos's code. */
    private static byte[] reference(byte[] text) {
        var out = new ByteArrayOutputStream();
        for (byte b : text) {
            if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else if (b == '\r') {
                out.write('\r');
                out.write(0);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
