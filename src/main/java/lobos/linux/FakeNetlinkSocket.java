package lobos.linux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link NetlinkSocket} that holds what a test gives it: {@link #inject} queues a datagram as
 * if the kernel had sent it, {@link #sent} keeps what was sent, and a {@link #replying responder}
 * can answer each sent datagram (an rtnetlink request and its replies). {@link RecordingKernel}
 * hands these out, so host tests and dry runs never open a real socket.
 */
public final class FakeNetlinkSocket implements NetlinkSocket {
    private static final Datagram CLOSED = new Datagram(new byte[0], -1, 0);

    private final int protocol;
    private final Consumer<String> record;
    private final LinkedBlockingQueue<Datagram> queue = new LinkedBlockingQueue<>();
    private final List<byte[]> sent = new ArrayList<>();
    private volatile Function<byte[], List<byte[]>> responder = message -> List.of();
    private volatile boolean closed;
    private volatile int receiveBuffer;

    /** @param record told "netlink_send PROTOCOL N bytes" for each datagram sent (RecordingKernel's call log) */
    public FakeNetlinkSocket(int protocol, Consumer<String> record) {
        this.protocol = protocol;
        this.record = record;
    }

    /** Queues a datagram from the kernel (sender port 0) to the groups given. */
    public FakeNetlinkSocket inject(byte[] bytes, int groups) {
        queue.add(new Datagram(bytes.clone(), 0, groups));
        return this;
    }

    /** Queues a datagram as it arrived, sender included (a user-space sender has a port other than 0). */
    public FakeNetlinkSocket inject(Datagram datagram) {
        queue.add(datagram);
        return this;
    }

    /**
     * Makes the receive after the datagrams queued so far fail with {@code errno}, as the real
     * socket does when its queue overflowed (ENOBUFS).
     */
    public FakeNetlinkSocket failReceive(Errno errno) {
        queue.add(new Datagram(new byte[0], -errno.number - 1000, 0));
        return this;
    }

    /** Answers every later {@link #send} with the datagrams {@code responder} returns for it. */
    public FakeNetlinkSocket replying(Function<byte[], List<byte[]>> responder) {
        this.responder = responder;
        return this;
    }

    /** What was sent, in order. */
    public synchronized List<byte[]> sent() {
        return List.copyOf(sent);
    }

    public boolean closed() {
        return closed;
    }

    /** The receive buffer last asked for, 0 if never. */
    public int receiveBufferAskedFor() {
        return receiveBuffer;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public int port() {
        return 4242;
    }

    @Override
    public void send(byte[] message) {
        check("sendto");
        synchronized (this) {
            sent.add(message.clone());
        }
        record.accept("netlink_send " + protocol + " " + message.length + " bytes");
        for (byte[] reply : responder.apply(message.clone())) queue.add(new Datagram(reply, 0, 0));
    }

    @Override
    public Optional<Datagram> receive(Duration timeout) {
        check("recvfrom");
        try {
            Datagram d = queue.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            if (d == CLOSED) {
                queue.add(CLOSED); // wake every other waiting receiver too
                return Optional.empty();
            }
            if (d != null && d.senderPort() <= -1000) {
                throw new KernelException("recvfrom", "netlink socket (protocol " + protocol + ")",
                        -d.senderPort() - 1000, null);
            }
            return Optional.ofNullable(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void receiveBuffer(int bytes) {
        check("setsockopt");
        receiveBuffer = bytes;
    }

    private void check(String call) {
        if (closed) throw new KernelException(call, "netlink socket (protocol " + protocol + ")", Errno.EBADF.number,
                "the socket was closed");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        queue.add(CLOSED);
    }
}
