package lobos.fetch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Debian's vsftpd in standalone mode for one test class, with a config in a temp directory:
 * anonymous read-only access to {@code root}, the FTP protocol logged to a file, listening on
 * 127.0.0.1 (or ::1) and a free port. Needs root (vsftpd chroots). {@link #close()} stops
 * exactly this vsftpd and the processes it forked per connection.
 */
final class Vsftpd implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/vsftpd");

    private final Process process;
    private final Path log;
    final int port;

    private Vsftpd(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static void assumeAvailable() {
        assumeTrue(Files.isExecutable(BINARY), "vsftpd not installed: apt-get install vsftpd");
        assumeTrue(Servers.root(), "vsftpd must start as root (it chroots each session)");
    }

    /** Serves {@code root} (made world-readable) on {@code address}, "127.0.0.1" or "::1". */
    static Vsftpd start(Path dir, Path root, String address) throws IOException, InterruptedException {
        assumeAvailable();
        boolean v6 = address.contains(":");
        int port = Servers.freePort(java.net.InetAddress.getByName(address));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        var readable = PosixFilePermissions.fromString("rwxr-xr-x");
        Files.setPosixFilePermissions(empty, readable);
        try (var files = Files.walk(root)) {
            for (Path p : files.toList()) {
                Files.setPosixFilePermissions(p, Files.isDirectory(p) ? readable : PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Path log = dir.resolve("vsftpd.log");
        String config = String.join("\n",
                v6 ? "listen=NO" : "listen=YES",
                v6 ? "listen_ipv6=YES" : "listen_ipv6=NO",
                v6 ? "listen_address6=" + address : "listen_address=" + address,
                "listen_port=" + port,
                "background=NO",
                "anonymous_enable=YES",
                "anon_root=" + root,
                "no_anon_password=NO",
                "local_enable=NO",
                "write_enable=NO",
                "seccomp_sandbox=NO",
                "pasv_enable=YES",
                "secure_chroot_dir=" + empty,
                "xferlog_enable=YES",
                "xferlog_std_format=NO",
                "log_ftp_protocol=YES",
                "vsftpd_log_file=" + log,
                "syslog_enable=NO",
                "dual_log_enable=NO",
                "hide_ids=YES",
                "") ;
        Path conf = dir.resolve("vsftpd.conf");
        Files.writeString(conf, config);
        var process = new ProcessBuilder(BINARY.toString(), conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("vsftpd.out").toFile()).start();
        Servers.awaitListening(process, address, port, dir.resolve("vsftpd.out"));
        return new Vsftpd(process, log, port);
    }

    /** The protocol log so far (commands and replies). */
    List<String> log() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        Servers.stop(process);
    }
}
