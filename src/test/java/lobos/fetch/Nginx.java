package lobos.fetch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's nginx, started in the foreground for one test class with a config written to a temp
 * directory: its own pid file, logs and temp paths there, listening only where the test's server
 * blocks say (127.0.0.1 and free ports). The access log has one line per request:
 * {@code METHOD URI STATUS "RANGE" "IF-RANGE" BYTES}. {@link #close()} stops exactly this nginx.
 */
public final class Nginx implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final Path dir;
    private String servers;
    private String host;
    private List<Integer> ports;

    private Nginx(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    public static void assumeAvailable() {
        assumeTrue(Files.isExecutable(BINARY), "nginx not installed: apt-get install nginx");
    }

    /**
     * Starts nginx with {@code servers} (server blocks, the inside of http {}) and waits until
     * every one of {@code ports} on {@code host} accepts connections.
     */
    public static Nginx start(Path dir, String servers, String host, List<Integer> ports) throws IOException, InterruptedException {
        var nginx = launch(List.of(), dir, servers);
        nginx.servers = servers;
        nginx.host = host;
        nginx.ports = ports;
        try {
            for (int port : ports) Servers.awaitListening(nginx.process, host, port, dir.resolve("error.log"));
        } catch (IOException | RuntimeException e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    /** Kills this nginx, master and workers, with SIGKILL: a server that crashes with connections open. */
    public void kill() throws InterruptedException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroyForcibly();
        workers.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        for (ProcessHandle w : workers) w.onExit().join();
    }

    /** The same nginx again (same config, ports and logs), after {@link #kill()}. */
    public Nginx restart() throws IOException, InterruptedException {
        return start(dir, servers, host, ports);
    }

    /** Starts nginx with {@code command} before it (as "ip netns exec NAME"); the caller waits for it. */
    static Nginx launch(List<String> command, Path dir, String servers) throws IOException {
        assumeAvailable();
        Files.createDirectories(dir.resolve("tmp"));
        String tmp = dir.resolve("tmp").toString();
        String config = """
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                %2$s
                events { worker_connections 64; }
                http {
                    default_type application/octet-stream;
                    types { text/html html; text/plain txt sha256; }
                    log_format lobos '$request_method $request_uri $status "$http_range" "$http_if_range" $body_bytes_sent';
                    access_log %1$s/access.log lobos;
                    client_body_temp_path %3$s/body;
                    proxy_temp_path %3$s/proxy;
                    fastcgi_temp_path %3$s/fastcgi;
                    uwsgi_temp_path %3$s/uwsgi;
                    scgi_temp_path %3$s/scgi;
                    sendfile on;
                %4$s
                }
                """.formatted(dir, Servers.root() ? "user root;" : "", tmp, servers);
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config);
        Path log = dir.resolve("nginx.out");
        var argv = new java.util.ArrayList<>(command);
        argv.addAll(List.of(BINARY.toString(), "-c", conf.toString(), "-p", dir.toString()));
        var process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Nginx(process, dir);
    }

    /** The access log's lines so far. */
    public List<String> requests() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /**
     * The access log's lines after the first {@code mark}, once one of them starts with
     * {@code awaited} (nginx writes a line when it has finished a request, which can be after the
     * client has its answer), or what there is after ten seconds.
     */
    List<String> requestsSince(int mark, String awaited) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<String> lines = requests();
            List<String> since = lines.subList(Math.min(mark, lines.size()), lines.size());
            if (since.stream().anyMatch(l -> l.startsWith(awaited)) || System.nanoTime() > deadline) return since;
            Thread.sleep(20);
        }
    }

    String errors() throws IOException {
        Path log = dir.resolve("error.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        Servers.stop(process);
    }
}
