package lobos.server.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the test's own: initdb into a temporary directory, pg_ctl start on a free
 * port of 127.0.0.1 (and its socket in that directory), trust authentication for user postgres;
 * {@link #close} stops it. PostgreSQL refuses to run as root, so as root it runs as the postgres
 * user (Debian's postgresql package makes it). Skips the test without PostgreSQL.
 */
final class PostgresServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final List<String> asUser;

    private PostgresServer(Path dir, int port, List<String> asUser) {
        this.dir = dir;
        this.port = port;
        this.asUser = asUser;
    }

    static PostgresServer start() throws IOException, InterruptedException {
        Path bin = bin();
        assumeTrue(bin != null, "PostgreSQL is not installed (apt-get install postgresql)");
        List<String> asUser = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) asUser.addAll(List.of("runuser", "-u", "postgres", "--"));
        Path dir = Files.createTempDirectory("lobos-pg");
        if (!asUser.isEmpty()) run(List.of("chown", "postgres", dir.toString()), List.of());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PostgresServer pg = new PostgresServer(dir, port, asUser);
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres", "-A", "trust",
                "--no-sync"), asUser);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                "-w", "-o", "-h 127.0.0.1 -p " + port + " -k " + dir + " -F", "start"), asUser);
        return pg;
    }

    private static Path bin() {
        for (String d : List.of("/usr/local/bin", "/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin")) {
            if (Files.isExecutable(Path.of(d, "pg_ctl")) && Files.isExecutable(Path.of(d, "initdb"))) return Path.of(d);
        }
        return null;
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private static void run(List<String> command, List<String> asUser) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(asUser);
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(List.of(bin().resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop"), asUser);
        } finally {
            run(List.of("rm", "-rf", dir.toString()), List.of());
        }
    }
}
