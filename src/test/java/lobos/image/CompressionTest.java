package lobos.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Data compressed by the real tools at test time (packages gzip, bzip2, xz-utils, lz4, zstd). */
class CompressionTest {
    /** 2 MiB of word salad: compressible, not too slow for xz on a small machine. */
    static byte[] original;
    /** 9 MiB: more than one 8 MiB legacy LZ4 block. */
    static byte[] large;

    /** Each tool's output, made once per run: compressing 9 MiB with xz or bzip2 takes seconds. */
    private static final Map<String, byte[]> COMPRESSED = new ConcurrentHashMap<>();

    static byte[] compressed(String[] command) {
        return COMPRESSED.computeIfAbsent(String.join(" ", command), k -> HostTools.run(original, command));
    }

    @BeforeAll
    static void makeData() {
        Random random = new Random(42);
        String[] words = {"kernel", "initrd", "kexec", "boot", "lobos", "vmlinuz", "cmdline", "console=ttyS0", "root=/dev/vda1"};
        StringBuilder text = new StringBuilder();
        while (text.length() < 9 << 20) text.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
        large = text.substring(0, 9 << 20).getBytes(StandardCharsets.US_ASCII);
        original = Arrays.copyOf(large, 2 << 20);
    }

    static Stream<Arguments> tools() {
        return Stream.of(
                Arguments.of(Compression.GZIP, new String[] {"gzip", "-c"}),
                Arguments.of(Compression.BZIP2, new String[] {"bzip2", "-c"}),
                Arguments.of(Compression.XZ, new String[] {"xz", "-c"}),
                // how the kernel build compresses with xz (scripts/xz_wrap.sh): CRC32, x86 BCJ filter
                Arguments.of(Compression.XZ, new String[] {"xz", "-c", "--check=crc32", "--x86", "--lzma2=dict=32MiB"}),
                Arguments.of(Compression.LZMA, new String[] {"xz", "-c", "--format=lzma"}),
                Arguments.of(Compression.LZ4_LEGACY, new String[] {"lz4", "-c", "-l"}),
                Arguments.of(Compression.LZ4_FRAME, new String[] {"lz4", "-c"}),
                Arguments.of(Compression.ZSTD, new String[] {"zstd", "-c"}));
    }

    @ParameterizedTest
    @MethodSource("tools")
    void decompressesWhatTheToolCompressed(Compression expected, String[] command) {
        byte[] compressed = compressed(command);

        assertThat(Compression.sniff(compressed)).contains(expected);
        assertThat(expected.decompress(compressed)).isEqualTo(original);
    }

    @ParameterizedTest
    @MethodSource("tools")
    void refusesToDecompressBeyondTheLimit(Compression expected, String[] command) {
        byte[] compressed = compressed(command);

        assertThatThrownBy(() -> expected.decompress(compressed, 0, compressed.length, 1 << 20))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("decompress to larger than 1 MiB, the most lobos unpacks");
    }

    @ParameterizedTest
    @MethodSource("tools")
    void truncatedDataAreAnError(Compression expected, String[] command) {
        byte[] compressed = compressed(command);

        assertThatThrownBy(() -> expected.decompress(compressed, 0, compressed.length / 2, Compression.DEFAULT_LIMIT))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageStartingWith(expected.displayName() + " ");
    }

    @ParameterizedTest
    @MethodSource("tools")
    void aCompressedKernelIsIdentifiedInside(Compression expected, String[] command) {
        byte[] arm64 = Synthetic.arm64Image(0, 0x1000000, 0xa, 1 << 16);

        CompressedImage image = (CompressedImage) KernelImage.identify(HostTools.run(arm64, command));

        assertThat(image.compression()).isEqualTo(expected);
        assertThat(image.decompressedSize()).isEqualTo(arm64.length);
        assertThat(image.inner()).isInstanceOf(Arm64Image.class);
        assertThat(image.kind()).isEqualTo(expected.displayName() + "-compressed arm64 Image");
    }

    @Test
    void concatenatedZstdFramesAndGzipMembersDecompressWhole() {
        byte[] a = Arrays.copyOf(original, 1000);
        byte[] b = Arrays.copyOfRange(original, 1000, 3000);
        for (String tool : new String[] {"zstd", "gzip"}) {
            byte[] both = Synthetic.concat(HostTools.run(a, tool, "-c"), HostTools.run(b, tool, "-c"));
            assertThat(Compression.sniff(both).orElseThrow().decompress(both)).isEqualTo(Arrays.copyOf(original, 3000));
        }
    }

    @Test
    void legacyLz4OfSeveralBlocksWithTheKernelBuildsSizeTrailer() {
        byte[] compressed = HostTools.run(large, "lz4", "-c", "-l");
        byte[] trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(large.length).array();

        assertThat(Compression.LZ4_LEGACY.decompress(compressed)).isEqualTo(large);
        assertThat(Compression.LZ4_LEGACY.decompress(Synthetic.concat(compressed, trailer))).isEqualTo(large);
    }

    @Test
    void corruptChecksummedDataAreAnError() {
        for (String[] command : new String[][] {{"gzip", "-c"}, {"xz", "-c"}, {"bzip2", "-c"}, {"zstd", "-c"}}) {
            byte[] compressed = HostTools.run(Arrays.copyOf(original, 100_000), command);
            compressed[compressed.length / 2] ^= 0x55;
            Compression c = Compression.sniff(compressed).orElseThrow();
            assertThatThrownBy(() -> c.decompress(compressed)).as(command[0])
                    .isInstanceOf(ImageFormatException.class)
                    .hasMessageContaining("corrupt");
        }
    }

    @Test
    void zstdFrameAskingForAHugeWindowIsRefusedBeforeDecoding() {
        // Frame header: descriptor 0x00 (no single segment), window descriptor 0xf8: 2^(10+31) bytes.
        byte[] frame = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, (byte) 0xf8, 0x01, 0x00, 0x00};

        assertThatThrownBy(() -> Compression.ZSTD.decompress(frame))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("Window_Descriptor at offset 0x5");
    }

    @Test
    void lzoIsRecognisedButNotDecompressed() {
        byte[] lzop = {(byte) 0x89, 'L', 'Z', 'O', 0, 0x0d, 0x0a, 0x1a, 0x0a, 0x10, 0x30};

        assertThat(Compression.sniff(lzop)).contains(Compression.LZO);
        assertThatThrownBy(() -> Compression.LZO.decompress(lzop))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("lobos does not decompress lzo");
    }

    @Test
    void nothingIsSniffedInPlainData() {
        assertThat(Compression.sniff(new byte[] {0x7f, 'E', 'L', 'F'})).isEmpty();
        assertThat(Compression.sniff(new byte[] {'B', 'Z', 'h', 'x'})).as("bzip2 needs a block size digit").isEmpty();
        assertThat(Compression.sniff(new byte[] {0x1f})).isEmpty();
        assertThat(Compression.sniff(new byte[0])).isEmpty();
    }
}
