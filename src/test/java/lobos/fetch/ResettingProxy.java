package lobos.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on 127.0.0.1 that resets its first connection (RST, as when a server dies with
 * data in flight) once it has passed {@code resetAfter} bytes from the server to the client;
 * later connections pass through. {@link #close()} stops it and every socket it opened.
 */
final class ResettingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final long resetAfter;
    private final AtomicBoolean reset = new AtomicBoolean();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ResettingProxy(int upstreamPort, long resetAfter) throws IOException {
        this.upstreamPort = upstreamPort;
        this.resetAfter = resetAfter;
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = Thread.ofPlatform().daemon().name("proxy-accept").start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Whether the first connection was reset. */
    boolean didReset() {
        return reset.get();
    }

    private void accept() {
        boolean first = true;
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(server);
                long limit = first ? resetAfter : Long.MAX_VALUE;
                first = false;
                Thread.ofPlatform().daemon().start(() -> pump(client, server, Long.MAX_VALUE));
                Thread.ofPlatform().daemon().start(() -> pump(server, client, limit));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies {@code from} to {@code to}; after {@code limit} bytes resets both sockets. */
    private void pump(Socket from, Socket to, long limit) {
        byte[] buffer = new byte[16 * 1024];
        long passed = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                passed += n;
                if (passed >= limit && reset.compareAndSet(false, true)) {
                    for (Socket s : List.of(from, to)) {
                        s.setSoLinger(true, 0);
                        s.close();
                    }
                    return;
                }
            }
        } catch (IOException e) {
            // the other direction closed or reset it
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        for (Socket s : sockets) s.close();
        acceptor.join(5000);
    }
}
