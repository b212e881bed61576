package lobos.server.http;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import lobos.LobosException;
import lobos.server.ServerConfig;

/**
 * The manager's HTTP server (Undertow, chosen by measurement against nginx: docs/performance.md).
 * Files (/files/ kernels and initrds, /loader/ the lobos loader, /ipxe/ iPXE for UEFI HTTP boot)
 * go out with sendfile from Undertow's I/O threads, with Range requests; the node API (/v1/) runs
 * on virtual threads, since it waits on the database.
 */
public final class HttpService implements AutoCloseable {
    private static final int MAX_LOG = 8 << 20;
    /** Undertow and XNIO log their start and stop through java.util.logging; the manager logs what matters itself. */
    private static final java.util.List<java.util.logging.Logger> QUIET = java.util.stream.Stream.of("io.undertow", "org.xnio", "org.jboss")
            .map(java.util.logging.Logger::getLogger).peek(l -> l.setLevel(java.util.logging.Level.WARNING)).toList();

    private final Undertow server;
    private final ExecutorService api = Executors.newVirtualThreadPerTaskExecutor();
    private final java.util.Map<Path, ResourceHandler> handlers = new java.util.concurrent.ConcurrentHashMap<>();
    private final ManagerApi manager;
    private final Supplier<ServerConfig> config;
    private final Consumer<String> log;

    private HttpService(InetSocketAddress address, ManagerApi manager, Supplier<ServerConfig> config, Consumer<String> log) {
        this.manager = manager;
        this.config = config;
        this.log = log;
        this.server = Undertow.builder().addHttpListener(address.getPort(), address.getHostString())
                .setServerOption(io.undertow.UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setHandler(this::route).build();
    }

    public static HttpService start(InetSocketAddress address, ManagerApi manager, Supplier<ServerConfig> config, Consumer<String> log) {
        HttpService s = new HttpService(address, manager, config, log);
        try {
            s.server.start();
        } catch (RuntimeException e) {
            s.api.close();
            throw new LobosException("cannot listen for HTTP on " + address.getHostString() + ":" + address.getPort() + ": "
                    + e.getMessage(), "choose another port (server: http: in the node file) or stop what uses it", e);
        }
        return s;
    }

    /** The port it listens on (the one asked for, or the one the system chose for 0). */
    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().getFirst().getAddress()).getPort();
    }

    private void route(HttpServerExchange x) throws Exception {
        String path = x.getRequestPath();
        ServerConfig c = config.get();
        if (path.startsWith("/v1/")) {
            x.dispatch(api, () -> api(x, path.substring(3)));
        } else if (path.startsWith("/files/")) {
            files(x, c.server().files(), path.substring("/files".length()));
        } else if (path.startsWith("/ipxe/")) {
            files(x, c.server().tftpRoot(), path.substring("/ipxe".length()));
        } else if (path.startsWith("/loader/")) {
            loader(x, c.loader(), path.substring("/loader/".length()));
        } else {
            notFound(x, "no such path");
        }
    }

    private void files(HttpServerExchange x, Path root, String relative) throws Exception {
        if (!x.getRequestMethod().equals(Methods.GET) && !x.getRequestMethod().equals(Methods.HEAD)) {
            send(x, 405, Reply.TEXT, "only GET and HEAD\n");
            return;
        }
        switch (ServedFiles.lookup(root, relative)) {
            case ServedFiles.Found f -> serve(x, root.toRealPath(), f.relative());
            case ServedFiles.Missing m -> notFound(x, "no such file under " + root);
            case ServedFiles.Refused r -> {
                log.accept("refused " + x.getRequestMethod() + " " + x.getRequestPath() + " from " + peer(x)
                        + ": outside the served roots: " + r.why());
                send(x, 403, Reply.TEXT, "refused: not a file this server serves\n");
            }
        }
    }

    private void loader(HttpServerExchange x, ServerConfig.Loader loader, String name) throws Exception {
        for (Path p : new Path[] {loader.kernel(), loader.initrd()}) {
            if (p != null && p.getFileName().toString().equals(name)) {
                files(x, p.toAbsolutePath().getParent(), "/" + name);
                return;
            }
        }
        notFound(x, "the loader has no file " + name);
    }

    /** Sends a checked file with Undertow's resource handler: Range, conditional requests, sendfile. */
    private void serve(HttpServerExchange x, Path root, String relative) throws Exception {
        x.setRelativePath(relative);
        // symbolic links were checked by ServedFiles (they may not lead out of the root)
        handlers.computeIfAbsent(root, r -> new ResourceHandler(PathResourceManager.builder().setBase(r).setFollowLinks(true)
                .setSafePaths(new String[0]).setTransferMinSize(1).setAllowResourceChangeListeners(false).build()).setDirectoryListingEnabled(false)
                .setWelcomeFiles()).handleRequest(x);
    }

    private void api(HttpServerExchange x, String path) {
        try {
            Reply r = apiReply(x, path);
            send(x, r.status(), r.type(), r.body());
        } catch (RuntimeException | IOException e) {
            log.accept("internal error answering " + x.getRequestMethod() + " " + x.getRequestPath() + " from " + peer(x) + ": " + e);
            send(x, 500, Reply.TEXT, "internal error: " + e.getMessage() + "\n");
        }
    }

    private Reply apiReply(HttpServerExchange x, String path) throws IOException {
        String method = x.getRequestMethod().toString();
        String host = x.getHostAndPort();
        String peer = peer(x);
        String query = x.getQueryString();
        if (path.equals("/boot") && method.equals("GET")) return manager.boot(query, host, peer);
        if (path.equals("/ipxe") && method.equals("GET")) return manager.ipxe(query, host, peer);
        if (path.equals("/events") && method.equals("POST")) {
            String body = body(x, ManagerApi.MAX_EVENT);
            return body == null ? tooLarge(x) : manager.event(body, peer);
        }
        if (path.equals("/log") && method.equals("POST")) {
            String body = body(x, MAX_LOG);
            return body == null ? tooLarge(x) : manager.consoleLog(query, body, peer);
        }
        if (path.equals("/nodes") && method.equals("GET")) return manager.nodes();
        if (path.startsWith("/nodes/")) {
            String rest = path.substring("/nodes/".length());
            if (rest.endsWith("/next-boot")) {
                String key = rest.substring(0, rest.length() - "/next-boot".length());
                if (method.equals("DELETE")) return manager.nextBoot(key, null, peer);
                if (method.equals("PUT") || method.equals("POST")) {
                    String body = body(x, 256);
                    return body == null ? tooLarge(x) : manager.nextBoot(key, body.strip(), peer);
                }
            } else if (method.equals("GET") && !rest.contains("/")) {
                return manager.node(rest);
            }
        }
        log.accept("refused " + method + " " + x.getRequestPath() + " from " + peer + ": no such API");
        return Reply.text(404, "no such API: " + method + " " + x.getRequestPath() + "\n");
    }

    private Reply tooLarge(HttpServerExchange x) {
        log.accept("refused " + x.getRequestMethod() + " " + x.getRequestPath() + " from " + peer(x) + ": the body is too large");
        return Reply.text(413, "too large\n");
    }

    /** The request body as UTF-8 text, or null when it is longer than {@code limit} bytes. */
    private static String body(HttpServerExchange x, int limit) throws IOException {
        x.startBlocking();
        try (InputStream in = x.getInputStream()) {
            byte[] b = in.readNBytes(limit + 1);
            return b.length > limit ? null : new String(b, StandardCharsets.UTF_8);
        }
    }

    private void notFound(HttpServerExchange x, String why) {
        // the loader looks for FILE.sha256 beside every file it fetches: that 404 is the usual answer
        if (!x.getRequestPath().endsWith(".sha256")) log.accept("404 " + x.getRequestMethod() + " " + x.getRequestPath() + " from " + peer(x) + ": " + why);
        send(x, 404, Reply.TEXT, "not found\n");
    }

    private static void send(HttpServerExchange x, int status, String type, String body) {
        x.setStatusCode(status);
        if (status != 204) x.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        x.getResponseSender().send(status == 204 ? "" : body, StandardCharsets.UTF_8);
    }

    private static String peer(HttpServerExchange x) {
        var a = x.getSourceAddress();
        return a == null ? "?" : a.getAddress().getHostAddress();
    }

    @Override
    public void close() {
        server.stop();
        api.close();
    }
}
