package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** lobos's client against tftpd-hpa's in.tftpd on 127.0.0.1 (Debian package tftpd-hpa). */
class TftpdHpaInteropTest {
    @TempDir
    Path root;

    @BeforeAll
    static void needsInTftpd() {
        InTftpd.assumeAvailable();
    }

    private static final TftpClientOptions PLAIN = TftpClientOptions.defaults().withoutOptions();

    static Stream<Arguments> transfers() {
        var blk1468 = TftpClientOptions.defaults().withBlockSize(1468).withWindowSize(1);
        var blk8192 = TftpClientOptions.defaults().withBlockSize(8192).withWindowSize(1);
        return Stream.of(
                Arguments.of("RFC 1350", PLAIN, 0, 512),
                Arguments.of("RFC 1350", PLAIN, 511, 512),
                Arguments.of("RFC 1350", PLAIN, 512, 512),
                Arguments.of("RFC 1350", PLAIN, 512 * 7, 512),
                Arguments.of("RFC 1350", PLAIN, 100_000, 512),
                Arguments.of("blksize 1468", blk1468, 0, 1468),
                Arguments.of("blksize 1468", blk1468, 1468 * 3, 1468),
                Arguments.of("blksize 1468", blk1468, 300_001, 1468),
                Arguments.of("blksize 8192", blk8192, 8192 * 2, 8192),
                Arguments.of("blksize 8192", blk8192, 1_000_000, 8192),
                // RFC 2349 timeout: in.tftpd must echo the value asked
                Arguments.of("blksize 1468, timeout 3", blk1468.withServerTimeout(3), 50_000, 1468),
                // in.tftpd grants blksize and tsize but not windowsize: lock-step with big blocks
                Arguments.of("blksize + windowsize 8", TftpClientOptions.defaults().withBlockSize(1468).withWindowSize(8), 200_000, 1468));
    }

    @ParameterizedTest(name = "{0}, {2} bytes")
    @MethodSource("transfers")
    void fetchesByteIdentical(String name, TftpClientOptions options, int size, int expectedBlockSize) throws Exception {
        var content = TestFiles.random(size, size);
        TestFiles.write(root, "boot/vmlinuz", content);
        try (var server = InTftpd.start(root)) {
            var sink = new TestFiles.Sink();
            var result = new TftpClient(options).fetch(server.address(), "boot/vmlinuz", sink, sink.progress());
            TestFiles.assertSameBytes(sink.toByteArray(), content);
            assertThat(result.bytes()).isEqualTo(size);
            assertThat(result.blockSize()).isEqualTo(expectedBlockSize);
            assertThat(result.windowSize()).isEqualTo(1);
            assertThat(result.announcedSize()).isEqualTo(options.requestSize() ? size : TftpProgress.UNKNOWN);
            assertThat(sink.lastProgress).isEqualTo(size);
            assertThat(sink.lastTotal).isEqualTo(result.announcedSize());
            assertThat(sink.monotonic).isTrue();
        }
    }

    @Test
    void absolutePathIsUnderTheRootToo() throws Exception {
        var content = TestFiles.random(3000, 1);
        TestFiles.write(root, "pxelinux.cfg/default", content);
        try (var server = InTftpd.start(root)) {
            var sink = new TestFiles.Sink();
            new TftpClient().fetch(server.address(), "/pxelinux.cfg/default", sink, TftpProgress.NONE);
            TestFiles.assertSameBytes(sink.toByteArray(), content);
        }
    }

    @Test
    void serverThatIgnoresOptionsGetsPlainLockStep() throws Exception {
        var content = TestFiles.random(5000, 2);
        TestFiles.write(root, "f", content);
        try (var server = InTftpd.start(root, "-r", "blksize", "-r", "tsize")) {
            var sink = new TestFiles.Sink();
            var result = new TftpClient().fetch(server.address(), "f", sink, sink.progress());
            TestFiles.assertSameBytes(sink.toByteArray(), content);
            assertThat(result.negotiated()).isFalse();
            assertThat(result.blockSize()).isEqualTo(512);
            assertThat(result.announcedSize()).isEqualTo(TftpProgress.UNKNOWN);
            assertThat(sink.lastTotal).isEqualTo(TftpProgress.UNKNOWN);
        }
    }

    @Test
    void serverCappingTheBlockSizeIsFollowed() throws Exception {
        var content = TestFiles.random(10_000, 3);
        TestFiles.write(root, "f", content);
        try (var server = InTftpd.start(root, "-B", "1024")) {
            var sink = new TestFiles.Sink();
            var result = new TftpClient(TftpClientOptions.defaults().withBlockSize(8192)).fetch(server.address(), "f", sink, TftpProgress.NONE);
            TestFiles.assertSameBytes(sink.toByteArray(), content);
            assertThat(result.blockSize()).isEqualTo(1024);
        }
    }

    @Test
    void missingFileSaysSoWithHostAndPath() throws Exception {
        try (var server = InTftpd.start(root)) {
            assertThatThrownBy(() -> new TftpClient().fetch(server.address(), "no/such/kernel", new TestFiles.Sink(), TftpProgress.NONE))
                    .isInstanceOfSatisfying(TftpRemoteException.class, e -> {
                        assertThat(e.code()).isEqualTo(TftpPacket.ErrorPacket.FILE_NOT_FOUND);
                        assertThat(e.getMessage()).contains("127.0.0.1:" + server.address().getPort()).contains("no/such/kernel").contains("has no file");
                    });
        }
    }

    @Test
    void fileOverTheLimitIsRefusedBeforeTheTransfer() throws Exception {
        TestFiles.write(root, "big", TestFiles.random(100_000, 4));
        try (var server = InTftpd.start(root)) {
            var sink = new TestFiles.Sink();
            var client = new TftpClient(TftpClientOptions.defaults().withMaxBytes(50_000));
            assertThatThrownBy(() -> client.fetch(server.address(), "big", sink, TftpProgress.NONE))
                    .isInstanceOf(TftpException.class).hasMessageContaining("100000 bytes, more than the limit of 50000");
            assertThat(sink.size()).isZero();
        }
    }

    @Test
    void fileOverTheLimitWithoutTsizeStopsAtTheLimit() throws Exception {
        TestFiles.write(root, "big", TestFiles.random(100_000, 5));
        try (var server = InTftpd.start(root)) {
            var sink = new TestFiles.Sink();
            var client = new TftpClient(PLAIN.withMaxBytes(50_000));
            assertThatThrownBy(() -> client.fetch(server.address(), "big", sink, TftpProgress.NONE))
                    .isInstanceOf(TftpException.class).hasMessageContaining("at least 50176 bytes");
            assertThat(sink.size()).isLessThanOrEqualTo(50_000);
        }
    }

    /** 65536 blocks of 512 bytes are 32 MiB: past that the block number wraps to 0 (tftpd-hpa's default). */
    @Test
    void blockNumberRollsOverPast65535() throws Exception {
        int size = (32 << 20) + 1000;
        var content = TestFiles.random(size, 6);
        TestFiles.write(root, "initrd.img", content);
        try (var server = InTftpd.start(root)) {
            var sink = new TestFiles.Sink();
            var result = new TftpClient(PLAIN.withTimeout(Duration.ofSeconds(2))).fetch(server.address(), "initrd.img", sink, TftpProgress.NONE);
            TestFiles.assertSameBytes(sink.toByteArray(), content);
            assertThat(result.blockSize()).isEqualTo(512);
        }
    }
}
