package lobos.tftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only UDP relay on 127.0.0.1 between one TFTP client and one server that drops,
 * duplicates and reorders datagrams, each direction from its own seeded random sequence.
 * A reordered datagram is held back and sent after the next one in its direction. The
 * client sees the proxy as the server (and its transfer ID); a new RRQ starts over.
 */
final class LossyProxy implements AutoCloseable {
    private final InetSocketAddress server;
    private final DatagramChannel clientSide;
    private final DatagramChannel serverSide;
    private final double drop;
    private final double duplicate;
    private final double reorder;
    private final Thread up;
    private final Thread down;
    private volatile SocketAddress client;
    private volatile SocketAddress serverTid;
    final AtomicInteger dropped = new AtomicInteger();
    final AtomicInteger duplicated = new AtomicInteger();
    final AtomicInteger reordered = new AtomicInteger();

    LossyProxy(InetSocketAddress server, long seed, double drop, double duplicate, double reorder) throws IOException {
        this.server = server;
        this.drop = drop;
        this.duplicate = duplicate;
        this.reorder = reorder;
        var loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        clientSide = DatagramChannel.open().bind(loopback);
        serverSide = DatagramChannel.open().bind(loopback);
        up = Thread.ofVirtual().start(() -> relay(clientSide, serverSide, new Random(seed), true));
        down = Thread.ofVirtual().start(() -> relay(serverSide, clientSide, new Random(~seed), false));
    }

    /** Where the client sends its request. */
    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) clientSide.getLocalAddress();
    }

    private void relay(DatagramChannel from, DatagramChannel to, Random random, boolean towardsServer) {
        var buffer = ByteBuffer.allocate(65536);
        ByteBuffer held = null;
        try {
            while (true) {
                buffer.clear();
                var source = from.receive(buffer);
                buffer.flip();
                var datagram = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
                SocketAddress target;
                if (towardsServer) {
                    client = source;
                    boolean request = datagram.remaining() >= 2 && datagram.get(1) == TftpCodec.RRQ && datagram.get(0) == 0;
                    if (request) serverTid = null;
                    target = serverTid == null ? server : serverTid;
                } else {
                    serverTid = source;
                    target = client;
                }
                if (random.nextDouble() < drop) {
                    dropped.incrementAndGet();
                    continue;
                }
                if (held == null && random.nextDouble() < reorder) {
                    reordered.incrementAndGet();
                    held = datagram;
                    continue;
                }
                to.send(datagram.duplicate(), target);
                if (random.nextDouble() < duplicate) {
                    duplicated.incrementAndGet();
                    to.send(datagram.duplicate(), target);
                }
                if (held != null) {
                    to.send(held, target);
                    held = null;
                }
            }
        } catch (IOException closed) {
            // close() ends the relay
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        clientSide.close();
        serverSide.close();
        up.join();
        down.join();
    }
}
