package lobos.initramfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** gzip, xz and zstd output checked with the real gzip, xz and zstd (Debian packages gzip, xz-utils, zstd). */
class CompressionTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void decompressesWithTheRealToolsToTheSameArchiveAndIsDeterministic(Compression c) throws Exception {
        var b = GnuCpioInteropTest.sample();
        byte[] plain = GnuCpioInteropTest.write(b, Compression.NONE);
        byte[] packed = GnuCpioInteropTest.write(b, c);
        assertThat(GnuCpioInteropTest.write(GnuCpioInteropTest.sample(), c)).isEqualTo(packed);
        byte[] unpacked = switch (c) {
            case NONE -> packed;
            case GZIP -> Tools.run(tmp, packed, "gzip", "-d", "-c");
            case XZ -> Tools.run(tmp, packed, "xz", "-d", "-c");
            case ZSTD -> Tools.run(tmp, packed, "zstd", "-d", "-c");
        };
        assertThat(unpacked).isEqualTo(plain);
        if (c != Compression.NONE) assertThat(packed.length).isLessThan(plain.length); // mostly random bytes
    }

    @Test
    void gzipHeaderIsFixed() throws IOException {
        byte[] gz = GnuCpioInteropTest.write(GnuCpioInteropTest.sample(), Compression.GZIP);
        // RFC 1952: magic, deflate, no flags (no name), mtime 0, XFL 2 (best compression), OS 3 (Unix)
        assertThat(Arrays.copyOf(gz, 10)).containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3);
    }

    @Test
    void xzUsesOnlyWhatTheKernelDecoderSupports() throws Exception {
        byte[] xz = GnuCpioInteropTest.write(GnuCpioInteropTest.sample(), Compression.XZ);
        String info = Tools.text(Tools.run(tmp, xz, "sh", "-c", "cat > a.xz && xz --robot -lvv a.xz"));
        // one block, CRC32 check, the LZMA2 filter alone with an 8 MiB dictionary
        assertThat(info).containsPattern("(?m)^block\\t1\\t1\\t.*\\tCRC32\\t.*\\t--lzma2=dict=8MiB$");
        assertThat(info).doesNotContainPattern("(?m)^block\\t1\\t2\\t").doesNotContain("CRC64", "--x86", "--delta");
    }

    @Test
    void zstdIsOneFrameWithAChecksumAndAWindowTheKernelAllocatesAtBoot() throws Exception {
        byte[] big = new byte[12 << 20]; // larger than the window, so that the level's window shows
        new java.util.Random(1).nextBytes(big);
        byte[] zst;
        var out = new ByteArrayOutputStream();
        try (var s = Compression.ZSTD.compress(out)) {
            s.write(big);
        }
        zst = out.toByteArray();
        String info = Tools.text(Tools.run(tmp, zst, "sh", "-c", "cat > a.zst && zstd -lv a.zst"));
        assertThat(info).containsPattern("(?m)^# Zstandard Frames: 1$").containsPattern("Window Size: 8.00 MiB")
                .containsPattern("Check: XXH64");
    }

    @Test
    void leavesTheTargetStreamOpen() throws IOException {
        var out = new ByteArrayOutputStream() {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };
        for (Compression c : Compression.values()) {
            try (var s = c.compress(out)) {
                s.write(1);
            }
        }
        assertThat(out.closed).isFalse();
        assertThat(out.size()).isGreaterThan(3);
    }
}
