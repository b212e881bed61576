package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** lobos's server against tftp-hpa's {@code tftp} client (Debian package tftp-hpa). */
class TftpHpaClientInteropTest {
    private static final Path TFTP = Path.of("/usr/bin/tftp");

    @TempDir
    Path root;

    @TempDir
    Path downloads;

    private TftpServer server;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(Files.isExecutable(TFTP), "tftp not installed: apt-get install tftp-hpa");
        server = TftpServer.start(TftpServerConfig.on(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)), new RootDirectory(root));
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** Runs {@code tftp 127.0.0.1 PORT [args] -c COMMAND...} and returns what it printed. */
    private String tftp(List<String> args, String... command) throws IOException, InterruptedException {
        var cmd = new ArrayList<>(List.of(TFTP.toString(), "127.0.0.1", Integer.toString(server.address().getPort())));
        cmd.addAll(args);
        cmd.add("-c");
        cmd.addAll(List.of(command));
        var process = new ProcessBuilder(cmd).directory(downloads.toFile()).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("tftp did not finish: " + cmd);
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 511, 512, 1024, 512 * 9, 100_000, 3_000_000})
    void binaryGet(int size) throws Exception {
        var content = TestFiles.random(size, size);
        TestFiles.write(root, "boot/kernel", content);
        var out = tftp(List.of("-m", "binary"), "get", "boot/kernel", "kernel");
        TestFiles.assertSameBytes(Files.readAllBytes(downloads.resolve("kernel")), content);
        assertThat(out).doesNotContain("Error");
    }

    @Test
    void verboseGetOfAnAbsoluteName() throws Exception {
        var content = TestFiles.random(70_000, 1);
        TestFiles.write(root, "pxelinux.0", content);
        var out = tftp(List.of("-m", "binary", "-v"), "get", "/pxelinux.0", "pxe");
        TestFiles.assertSameBytes(Files.readAllBytes(downloads.resolve("pxe")), content);
        assertThat(out).contains("Received 70000 bytes");
    }

    /** Netascii goes out as CR LF and CR NUL; tftp-hpa turns it back into the original text. */
    @Test
    void netasciiGetRoundTrips() throws Exception {
        var text = "default linux\nlabel linux\r\n  kernel vmlinuz\rend\n\n".repeat(300).getBytes(StandardCharsets.US_ASCII);
        TestFiles.write(root, "pxelinux.cfg/default", text);
        tftp(List.of("-m", "netascii"), "get", "pxelinux.cfg/default", "default");
        TestFiles.assertSameBytes(Files.readAllBytes(downloads.resolve("default")), text);
    }

    @Test
    void missingFile() throws Exception {
        var out = tftp(List.of("-m", "binary"), "get", "nothing-here", "x");
        assertThat(out).contains("Error code 1: File not found");
    }

    @Test
    void pathTraversalIsRefused() throws Exception {
        Files.writeString(root.getParent().resolve("secret-" + root.getFileName()), "secret");
        var out = tftp(List.of("-m", "binary"), "get", "../secret-" + root.getFileName(), "x");
        assertThat(out).contains("Error code 2");
        assertThat(downloads.resolve("x")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyFile());
        Files.delete(root.getParent().resolve("secret-" + root.getFileName()));
    }

    @Test
    void writesAreRefused() throws Exception {
        Files.writeString(downloads.resolve("up"), "data");
        var out = tftp(List.of("-m", "binary"), "put", "up", "up");
        assertThat(out).contains("Error code 2");
        assertThat(root.resolve("up")).doesNotExist();
    }
}
