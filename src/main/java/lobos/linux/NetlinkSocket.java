package lobos.linux;

import java.time.Duration;
import java.util.Optional;

/**
 * A netlink socket (netlink(7)): datagrams between lobos and the kernel, for any netlink
 * protocol. {@link #UEVENT} carries the kernel's device events (hotplug); {@link #ROUTE}
 * (rtnetlink) carries links, addresses and routes. The socket knows nothing of the messages
 * inside: codecs for each protocol live with their users ({@link Uevent} for uevents).
 *
 * <p>Opened through {@link Kernel#openNetlink}, so host tests get a fake they can feed
 * ({@link FakeNetlinkSocket}). One thread may receive while another sends; {@link #close}
 * makes a waiting {@link #receive} return within its timeout, not at once (the real socket
 * is polled; netlink sockets cannot be shut down), so receive loops use short timeouts.
 * Errors are {@link KernelException}s naming the call and errno.
 */
public interface NetlinkSocket extends AutoCloseable {
    /** NETLINK_ROUTE: links, addresses, routes (rtnetlink(7)). */
    int ROUTE = 0;
    /** NETLINK_KOBJECT_UEVENT: the kernel's device events. */
    int UEVENT = 15;
    /** The uevent multicast group the kernel sends to (udev re-sends its own messages on group 2). */
    int UEVENT_KERNEL_GROUP = 1;

    /** The largest datagram {@link #receive} returns whole; longer ones are an error (EMSGSIZE). */
    int MAX_DATAGRAM = 64 * 1024;

    /**
     * A datagram as it arrived.
     *
     * @param bytes      its bytes
     * @param senderPort the sender's port id: 0 for the kernel, a process's id for user space
     * @param groups     the multicast groups it was sent to (a bit mask), 0 for a unicast reply
     */
    record Datagram(byte[] bytes, int senderPort, int groups) {
        /** Whether the kernel sent it (user space can send on some protocols' groups too). */
        public boolean fromKernel() {
            return senderPort == 0;
        }
    }

    /** The netlink protocol, as given to {@link Kernel#openNetlink}. */
    int protocol();

    /** The port id the kernel gave this socket (nlmsg_pid in its replies). */
    int port();

    /** Sends one datagram to the kernel (port 0). */
    void send(byte[] message);

    /**
     * The next datagram, waiting at most {@code timeout} ({@link Duration#ZERO}: do not wait);
     * empty when none came in time. A datagram longer than {@link #MAX_DATAGRAM} is an error
     * (EMSGSIZE), and so is a receive queue that overflowed (ENOBUFS: datagrams were lost; a
     * listener should read the state afresh); the socket stays usable after both.
     */
    Optional<Datagram> receive(Duration timeout);

    /**
     * Asks the kernel for a receive queue of this many bytes, so that a burst of datagrams
     * (a coldplug's uevents) is not lost; root may exceed the system's limit. Best effort: the
     * kernel may give less.
     */
    void receiveBuffer(int bytes);

    /** Closes the socket; closing twice is fine, any other call after it fails with EBADF. */
    @Override
    void close();
}
