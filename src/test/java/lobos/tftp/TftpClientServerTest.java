package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** lobos's client against lobos's server, where both ends speak windowsize. */
class TftpClientServerTest {
    @TempDir
    Path root;

    private TftpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private TftpServer serve(TftpFiles files) throws Exception {
        server = TftpServer.start(TftpServerConfig.on(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)), files);
        return server;
    }

    @ParameterizedTest(name = "windowsize {0}, blksize {1}, {2} bytes")
    @CsvSource({
        "1, 512, 0", "1, 512, 512", "1, 1448, 100000",
        "4, 512, 2048", "4, 1448, 1000000", "4, 8, 1001",
        "16, 512, 8192", "16, 1448, 1000000", "16, 65464, 3000000",
    })
    void windowedTransfer(int windowSize, int blockSize, int size) throws Exception {
        var content = TestFiles.random(size, size + windowSize);
        TestFiles.write(root, "f", content);
        serve(new RootDirectory(root));
        var sink = new TestFiles.Sink();
        var options = TftpClientOptions.defaults().withWindowSize(windowSize).withBlockSize(blockSize);
        var result = new TftpClient(options).fetch(server.address(), "f", sink, sink.progress());
        TestFiles.assertSameBytes(sink.toByteArray(), content);
        assertThat(result.windowSize()).isEqualTo(windowSize);
        assertThat(result.blockSize()).isEqualTo(blockSize);
        assertThat(result.announcedSize()).isEqualTo(size);
        // a window larger than the socket's receive buffer (rmem_max) may overflow it: then it is resent
        if ((long) windowSize * blockSize <= 128 * 1024) assertThat(result.retransmissions()).isZero();
        assertThat(sink.monotonic).isTrue();
        assertThat(sink.lastProgress).isEqualTo(size);
        // one call per window and one at the end
        long blocks = size / blockSize + 1;
        assertThat(sink.progressCalls).isBetween((int) (blocks / windowSize), (int) (blocks / windowSize) + 2);
    }

    @Test
    void windowedRolloverPast65535Blocks() throws Exception {
        int size = (32 << 20) + 3000;
        var content = TestFiles.random(size, 7);
        serve((name, client) -> Optional.of(TftpContent.of(content)));
        var sink = new TestFiles.Sink();
        var result = new TftpClient(TftpClientOptions.defaults().withBlockSize(512).withWindowSize(16))
                .fetch(server.address(), "big", sink, TftpProgress.NONE);
        TestFiles.assertSameBytes(sink.toByteArray(), content);
        assertThat(result.blockSize()).isEqualTo(512);
    }

    @Test
    void dynamicNamesComeBeforeTheRoot() throws Exception {
        TestFiles.write(root, "pxelinux.cfg/default", "from disk".getBytes(StandardCharsets.UTF_8));
        TestFiles.write(root, "other", "disk only".getBytes(StandardCharsets.UTF_8));
        var asked = new ConcurrentLinkedQueue<String>();
        TftpFiles perNode = (name, client) -> {
            asked.add(name + " " + client.getAddress().getHostAddress());
            return name.equals("pxelinux.cfg/default")
                    ? Optional.of(TftpContent.of(("made for " + client.getAddress().getHostAddress()).getBytes(StandardCharsets.UTF_8)))
                    : Optional.empty();
        };
        serve(perNode.orElse(new RootDirectory(root)));
        var client = new TftpClient();
        var sink = new TestFiles.Sink();
        client.fetch(server.address(), "pxelinux.cfg/default", sink, TftpProgress.NONE);
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("made for 127.0.0.1");
        var other = new TestFiles.Sink();
        client.fetch(server.address(), "other", other, TftpProgress.NONE);
        assertThat(other.toString(StandardCharsets.UTF_8)).isEqualTo("disk only");
        assertThat(asked).containsExactly("pxelinux.cfg/default 127.0.0.1", "other 127.0.0.1");
    }

    @Test
    void hookCanRefuse() throws Exception {
        serve((name, client) -> {
            throw new TftpException("node " + client.getAddress().getHostAddress() + " is not enrolled", null);
        });
        assertThatThrownBy(() -> new TftpClient().fetch(server.address(), "cfg", new TestFiles.Sink(), TftpProgress.NONE))
                .isInstanceOfSatisfying(TftpRemoteException.class, e -> {
                    assertThat(e.code()).isEqualTo(TftpPacket.ErrorPacket.ACCESS_VIOLATION);
                    assertThat(e.getMessage()).contains("denied access to cfg").contains("is not enrolled");
                });
    }

    @Test
    void missingFile() throws Exception {
        serve(new RootDirectory(root));
        assertThatThrownBy(() -> new TftpClient().fetch(server.address(), "/boot/none", new TestFiles.Sink(), TftpProgress.NONE))
                .isInstanceOfSatisfying(TftpRemoteException.class, e -> {
                    assertThat(e.code()).isEqualTo(TftpPacket.ErrorPacket.FILE_NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("TFTP server 127.0.0.1:" + server.address().getPort()
                            + " has no file /boot/none (\"File not found\")");
                });
    }

    @Test
    void manyClientsAtOnceOverIpv6() throws Exception {
        var content = TestFiles.random(200_000, 9);
        server = TftpServer.start(TftpServerConfig.on(new InetSocketAddress(InetAddress.getByName("::1"), 0)).withMaxTransfers(4),
                (name, client) -> Optional.of(TftpContent.of(content)));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new java.util.ArrayList<Future<byte[]>>();
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(() -> {
                    var sink = new TestFiles.Sink();
                    new TftpClient().fetch(server.address(), "f", sink, TftpProgress.NONE);
                    return sink.toByteArray();
                }));
            }
            for (var r : results) TestFiles.assertSameBytes(r.get(), content);
        }
    }
}
