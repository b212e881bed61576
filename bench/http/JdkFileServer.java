import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The candidate bench/server-http.sh measures beside Undertow: the JDK's own HTTP server
 * (jdk.httpserver) serving a directory at /files/ on virtual threads, each file copied with
 * FileChannel.transferTo into the response stream (the JDK server gives no channel to
 * sendfile to). Run: java JdkFileServer.java PORT DIR
 */
public class JdkFileServer {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/files/", exchange -> {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring("/files/".length())).normalize();
            try (FileChannel channel = FileChannel.open(file)) {
                long size = channel.size();
                exchange.sendResponseHeaders(200, size);
                try (var out = exchange.getResponseBody()) {
                    channel.transferTo(0, size, Channels.newChannel(out));
                }
            } catch (NoSuchFileException e) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            }
        });
        server.start();
        System.out.println("serving");
    }
}
