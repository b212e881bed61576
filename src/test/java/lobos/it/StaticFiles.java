package lobos.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An HTTP server on 127.0.0.1 (a free port) serving the files under a directory, 404 for
 * anything else, recording each request as "METHOD /path[?query]". A guest reaches it
 * through a guestfwd.
 */
final class StaticFiles implements AutoCloseable {
    private final HttpServer http;
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();

    StaticFiles(Path root) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        http.createContext("/", e -> {
            String query = e.getRequestURI().getRawQuery();
            requests.add(e.getRequestMethod() + " " + e.getRequestURI().getPath() + (query == null ? "" : "?" + query));
            Path file = root.resolve(e.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                e.sendResponseHeaders(404, -1);
                e.close();
                return;
            }
            e.sendResponseHeaders(200, Files.size(file));
            try (var out = e.getResponseBody()) {
                Files.copy(file, out);
            }
        });
        http.start();
    }

    int port() {
        return http.getAddress().getPort();
    }

    /** The requests so far, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
