package lobos.tftp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tftpd-hpa's {@code in.tftpd}, started in the foreground on 127.0.0.1 and a free port for one
 * test, and stopped (with the children it forked per transfer) by {@link #close()}.
 * {@code -s} (chroot) needs root, as in Debian's own service.
 */
public final class InTftpd implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/in.tftpd");

    private final Process process;
    private final InetSocketAddress address;

    private InTftpd(Process process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    public static void assumeAvailable() {
        assumeTrue(Files.isExecutable(BINARY), "in.tftpd not installed: apt-get install tftpd-hpa");
        assumeTrue("root".equals(System.getProperty("user.name")), "in.tftpd -s needs root to chroot");
    }

    /** Serves {@code root}; {@code extra} are more in.tftpd arguments (-B 1024, -r blksize...). */
    public static InTftpd start(Path root, String... extra) throws IOException, InterruptedException {
        return startOn(root, freeUdpPort(), extra);
    }

    /** Serves {@code root} on 127.0.0.1:{@code port} (a restart uses the port of the server before). */
    public static InTftpd startOn(Path root, int port, String... extra) throws IOException, InterruptedException {
        assumeAvailable();
        var command = new ArrayList<>(List.of(BINARY.toString(), "-L", "-u", "root", "-s", root.toString(),
                "-a", "127.0.0.1:" + port));
        command.addAll(List.of(extra));
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        var server = new InTftpd(process, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!bound(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("in.tftpd did not start on port " + port + " (exit " + (process.isAlive() ? "none" : process.exitValue()) + ")");
            }
            Thread.sleep(20);
        }
        return server;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** A UDP port on 127.0.0.1 that was free a moment ago. */
    static int freeUdpPort() throws IOException {
        try (var socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }

    /** Whether something listens on 127.0.0.1:port, read from /proc/net/udp (binding a probe would race in.tftpd). */
    private static boolean bound(int port) throws IOException {
        String local = String.format(" 0100007F:%04X ", port);
        return Files.readAllLines(Path.of("/proc/net/udp")).stream().anyMatch(line -> line.contains(local));
    }

    /** Kills this in.tftpd and its transfer processes with SIGKILL: a server that crashes mid-transfer. */
    public void kill() throws InterruptedException {
        var children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        for (ProcessHandle c : children) c.onExit().join();
    }

    /** Stops exactly this in.tftpd and the transfer processes it forked. */
    @Override
    public void close() throws InterruptedException {
        var children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
