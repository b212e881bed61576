package lobos.fetch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH's sshd in the foreground on 127.0.0.1 and a free port, with a host key, an
 * authorized_keys file and a config of its own in a temp directory, serving SFTP with
 * internal-sftp; {@link #close()} stops exactly this process and the per-connection children it
 * forked. Debian's package openssh-server; sshd needs root here (privilege separation).
 */
final class OpenSshd implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Process process;
    private final int port;
    private final Path dir;

    private OpenSshd(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static void assumeAvailable() {
        assumeTrue(Files.isExecutable(SSHD), "sshd not installed: apt-get install openssh-server");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen not installed: apt-get install openssh-client");
        assumeTrue("root".equals(System.getProperty("user.name")), "sshd's privilege separation needs root");
    }

    /** Starts sshd with its files in {@code dir} (made by the caller, deleted by the caller). */
    static OpenSshd start(Path dir) throws IOException, InterruptedException {
        assumeAvailable();
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        keygen("-t", "ed25519", "-f", dir.resolve("host_ed25519").toString());
        Files.writeString(dir.resolve("authorized_keys"), "");
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_ed25519"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PidFile " + dir.resolve("sshd.pid"),
                "StrictModes no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                "Subsystem sftp internal-sftp",
                ""));
        IOException last = null;
        for (int tries = 0; tries < 3; tries++) {
            try {
                return startOn(dir, freePort());
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Starts sshd with the files {@link #start} made in {@code dir} (the same host key) on {@code port}. */
    static OpenSshd startOn(Path dir, int port) throws IOException, InterruptedException {
        Path log = dir.resolve("sshd.log");
        Files.deleteIfExists(log);
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString(),
                "-p", String.valueOf(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        OpenSshd server = new OpenSshd(p, port, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.isAlive() && System.nanoTime() < deadline && !Files.readString(log).contains("Server listening")) {
            Thread.sleep(20);
        }
        if (p.isAlive() && Files.readString(log).contains("Server listening")) return server;
        server.close();
        throw new IOException("sshd did not start on port " + port + ": " + Files.readString(log));
    }

    /** Kills this sshd and its per-connection processes with SIGKILL: a server that crashes mid-transfer. */
    void kill() throws InterruptedException {
        var children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        for (ProcessHandle c : children) c.onExit().join();
    }

    /** The same sshd again (same host key and port), after {@link #kill()}. */
    OpenSshd restart() throws IOException, InterruptedException {
        return startOn(dir, port);
    }

    int port() {
        return port;
    }

    Path hostPublicKey() {
        return dir.resolve("host_ed25519.pub");
    }

    /** Lets the public key of {@code privateKey} (its .pub beside it) log in. */
    void authorize(Path privateKey) throws IOException {
        Files.writeString(dir.resolve("authorized_keys"),
                Files.readString(Path.of(privateKey + ".pub")), java.nio.file.StandardOpenOption.APPEND);
    }

    /** The known_hosts line for this server, written from its public key file. */
    String knownHostsLine() throws IOException {
        String[] pub = Files.readString(hostPublicKey()).strip().split(" ");
        return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
    }

    /** Runs ssh-keygen quietly with an empty passphrase unless {@code -N} is given; returns its output. */
    static String keygen(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q"));
        if (!List.of(args).contains("-N") && List.of(args).contains("-t")) command.addAll(List.of("-N", ""));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(command + " failed: " + out);
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    /** Stops exactly this sshd and the per-connection processes it forked. */
    @Override
    public void close() throws InterruptedException {
        var children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        for (ProcessHandle c : children) c.onExit().completeOnTimeout(c, 5, TimeUnit.SECONDS).join();
    }
}
