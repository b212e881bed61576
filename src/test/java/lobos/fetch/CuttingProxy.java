package lobos.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 to a server that cuts its first connection after {@code cutAfter}
 * bytes from the server (an interrupted download) and relays later ones whole.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstream;
    private final long cutAfter;
    private final AtomicInteger connections = new AtomicInteger();

    CuttingProxy(int upstreamPort, long cutAfter) throws IOException {
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.upstream = upstreamPort;
        this.cutAfter = cutAfter;
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                boolean first = connections.getAndIncrement() == 0;
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream));
                Thread.ofVirtual().start(() -> relay(client::getInputStream, server::getOutputStream, Long.MAX_VALUE, client, server));
                Thread.ofVirtual().start(() -> relay(server::getInputStream, client::getOutputStream, first ? cutAfter : Long.MAX_VALUE, client, server));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void relay(InputStreamSupplier in, OutputStreamSupplier out, long limit, Socket a, Socket b) {
        try (a; b) {
            InputStream from = in.get();
            OutputStream to = out.get();
            byte[] buffer = new byte[8192];
            long sent = 0;
            for (int n; (n = from.read(buffer)) > 0; ) {
                int part = (int) Math.min(n, limit - sent);
                to.write(buffer, 0, part);
                to.flush();
                sent += part;
                if (sent >= limit) return; // cut: closing both sockets ends the download part way
            }
        } catch (IOException e) {
            // the other direction closed the sockets
        }
    }

    private interface InputStreamSupplier {
        InputStream get() throws IOException;
    }

    private interface OutputStreamSupplier {
        OutputStream get() throws IOException;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
