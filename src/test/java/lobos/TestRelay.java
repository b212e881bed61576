package lobos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Userspace relays on 127.0.0.1 that put faults on the path between a client and a server, since
 * this kernel has no netem: a TCP relay that delays every piece of data, cuts or resets one
 * connection part way; a UDP relay (for TFTP) that drops, duplicates, reorders and delays
 * datagrams from seeded random sequences. Tests point the client at the relay. {@link Tcp#close()}
 * and {@link Udp#close()} stop the relay and every socket it opened.
 */
public final class TestRelay {
    private TestRelay() {}

    /** What the TCP relay does to the first connection that passes some bytes from the server. */
    public enum Fault {
        NONE,
        /** Closes both sockets: the client sees the stream end early (FIN). */
        CUT,
        /** Resets both sockets (SO_LINGER 0): as a server that dies with data in flight. */
        RESET
    }

    /**
     * A TCP relay to {@code 127.0.0.1:upstreamPort}; connections after the one that got the fault
     * pass whole (a small one beside it, as the look for a .sha256 file, passes whole too).
     */
    public static final class Tcp implements AutoCloseable {
        private final ServerSocket listener;
        private final int upstreamPort;
        private final Fault fault;
        private final long faultAfter;
        private final Duration delay;
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicBoolean faulted = new AtomicBoolean();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicLong fromServer = new java.util.concurrent.atomic.AtomicLong();
        private volatile long actionAt = Long.MAX_VALUE;
        private volatile Runnable action;

        /**
         * @param fault      what to do to the first connection {@code faultAfter} bytes came through from the server
         * @param delay      how long every piece of data waits in each direction (order is kept)
         */
        public Tcp(int upstreamPort, Fault fault, long faultAfter, Duration delay) throws IOException {
            this.upstreamPort = upstreamPort;
            this.fault = fault;
            this.faultAfter = faultAfter;
            this.delay = delay;
            this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("relay-accept").start(this::accept);
        }

        /** A relay that only delays. */
        public static Tcp delaying(int upstreamPort, Duration delay) throws IOException {
            return new Tcp(upstreamPort, Fault.NONE, Long.MAX_VALUE, delay);
        }

        public int port() {
            return listener.getLocalPort();
        }

        public int connections() {
            return connections.get();
        }

        /**
         * Runs {@code then} once (on its own thread) when {@code bytes} have come from the server,
         * all connections together: a test kills and restarts the real server there.
         */
        public void whenPassed(long bytes, Runnable then) {
            this.action = then;
            this.actionAt = bytes;
        }

        /** Bytes that came from the server so far. */
        public long fromServer() {
            return fromServer.get();
        }

        /** Whether a connection got the fault. */
        public boolean faulted() {
            return faulted.get();
        }

        private void accept() {
            while (!listener.isClosed()) {
                Socket client;
                try {
                    client = listener.accept();
                } catch (IOException e) {
                    return; // closed
                }
                connections.incrementAndGet();
                Socket server = new Socket();
                try {
                    server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
                } catch (IOException e) {
                    closeQuietly(client); // the server is down: so is the path
                    continue;
                }
                sockets.add(client);
                sockets.add(server);
                long limit = fault != Fault.NONE ? faultAfter : Long.MAX_VALUE;
                Thread.ofVirtual().start(() -> pump(client, server, Long.MAX_VALUE, false));
                Thread.ofVirtual().start(() -> pump(server, client, limit, true));
            }
        }

        /**
         * One direction: pieces wait {@code delay}, in order; after {@code limit} bytes the fault,
         * unless another connection got it already.
         */
        private void pump(Socket from, Socket to, long limit, boolean fromTheServer) {
            BlockingQueue<Piece> queue = new LinkedBlockingQueue<>();
            Thread sender = Thread.ofVirtual().start(() -> send(queue, from, to));
            long passed = 0;
            try (InputStream in = from.getInputStream()) {
                byte[] buffer = new byte[16 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    boolean fault = passed + n >= limit && faulted.compareAndSet(false, true);
                    int part = fault ? (int) (limit - passed) : n;
                    queue.add(new Piece(System.nanoTime() + delay.toNanos(), java.util.Arrays.copyOf(buffer, part)));
                    passed += part;
                    if (fromTheServer) countFromServer(part);
                    if (fault) {
                        queue.add(new Piece(System.nanoTime() + delay.toNanos(), null)); // the fault, after the data before it
                        break;
                    }
                }
            } catch (IOException e) {
                // the other direction closed or reset it
            }
            queue.add(Piece.END);
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void countFromServer(long n) {
            long total = fromServer.addAndGet(n);
            Runnable then = action;
            if (then != null && total >= actionAt && total - n < actionAt) {
                action = null;
                Thread.ofVirtual().start(then);
            }
        }

        private void send(BlockingQueue<Piece> queue, Socket from, Socket to) {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Piece piece = queue.take();
                    if (piece == Piece.END) break;
                    long wait = piece.due() - System.nanoTime();
                    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                    if (piece.data() == null) {
                        if (fault == Fault.RESET) {
                            from.setSoLinger(true, 0);
                            to.setSoLinger(true, 0);
                        }
                        break;
                    }
                    out.write(piece.data());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        private record Piece(long due, byte[] data) {
            static final Piece END = new Piece(0, new byte[0]);
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) closeQuietly(s);
        }
    }

    /**
     * A UDP relay between one TFTP client and one server. Each direction has its own random
     * sequence (from the seed): a datagram is dropped, duplicated, or held back and sent after the
     * next one (reordered), and every datagram sent waits {@code delay}. The client sees the relay
     * as the server (and its transfer ID); a new RRQ starts over: one transfer at a time.
     */
    public static final class Udp implements AutoCloseable {
        private final InetSocketAddress server;
        private final DatagramChannel clientSide;
        private final DatagramChannel serverSide;
        private final double drop;
        private final double duplicate;
        private final double reorder;
        private final Duration delay;
        private final DelayQueue<Due> due = new DelayQueue<>();
        private final Thread up;
        private final Thread down;
        private final Thread sender;
        private volatile SocketAddress client;
        private volatile SocketAddress serverTid;
        public final AtomicInteger dropped = new AtomicInteger();
        public final AtomicInteger duplicated = new AtomicInteger();
        public final AtomicInteger reordered = new AtomicInteger();

        public Udp(InetSocketAddress server, long seed, double drop, double duplicate, double reorder, Duration delay) throws IOException {
            this.server = server;
            this.drop = drop;
            this.duplicate = duplicate;
            this.reorder = reorder;
            this.delay = delay;
            var loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            clientSide = DatagramChannel.open().bind(loopback);
            serverSide = DatagramChannel.open().bind(loopback);
            up = Thread.ofVirtual().start(() -> relay(clientSide, serverSide, new Random(seed), true));
            down = Thread.ofVirtual().start(() -> relay(serverSide, clientSide, new Random(~seed), false));
            sender = Thread.ofVirtual().start(this::sendDue);
        }

        /** Where the client sends its request. */
        public InetSocketAddress address() throws IOException {
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
                        boolean request = datagram.remaining() >= 2 && datagram.get(0) == 0 && datagram.get(1) == 1; // RRQ
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
                    schedule(to, datagram, target);
                    if (random.nextDouble() < duplicate) {
                        duplicated.incrementAndGet();
                        schedule(to, datagram, target);
                    }
                    if (held != null) {
                        schedule(to, held, target);
                        held = null;
                    }
                }
            } catch (IOException closed) {
                // close() ends the relay
            }
        }

        private void schedule(DatagramChannel to, ByteBuffer datagram, SocketAddress target) {
            due.add(new Due(System.nanoTime() + delay.toNanos(), to, datagram.duplicate(), target));
        }

        private void sendDue() {
            try {
                while (true) {
                    Due d = due.take();
                    if (d.to() == null) return;
                    try {
                        d.to().send(d.datagram(), d.target());
                    } catch (IOException e) {
                        if (!d.to().isOpen()) return;
                    }
                }
            } catch (InterruptedException e) {
                // close()
            }
        }

        /** A datagram and when to send it; sent in the order of that time (equal times: as added). */
        private record Due(long at, DatagramChannel to, ByteBuffer datagram, SocketAddress target) implements Delayed {
            @Override
            public long getDelay(TimeUnit unit) {
                return unit.convert(at - System.nanoTime(), TimeUnit.NANOSECONDS);
            }

            @Override
            public int compareTo(Delayed other) {
                return Long.compare(at, ((Due) other).at);
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            clientSide.close();
            serverSide.close();
            up.join();
            down.join();
            sender.interrupt();
            sender.join();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
