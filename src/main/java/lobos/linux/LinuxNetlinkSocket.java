package lobos.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.Optional;

/**
 * The real {@link NetlinkSocket}, through FFM: socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC),
 * bind, sendto, poll and recvfrom. Waiting is poll(2) in slices of at most {@link #SLICE_MILLIS},
 * so that {@link #close} takes effect soon; the descriptor is closed only when no call is using
 * it, so a number the kernel hands out again is never polled by mistake.
 */
final class LinuxNetlinkSocket implements NetlinkSocket {
    private static final int AF_NETLINK = 16, SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1, SO_RCVBUF = 8, SO_RCVBUFFORCE = 33;
    private static final int MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40;
    private static final short POLLIN = 1;
    private static final int SOCKADDR_NL = 12; // sa_family u16, pad u16, nl_pid u32, nl_groups u32
    private static final long SLICE_MILLIS = 250;

    private static final MethodHandle SOCKET = LinuxKernel.libc("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), LinuxKernel.ERRNO_OPTION);
    private static final MethodHandle BIND = LinuxKernel.libc("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), LinuxKernel.ERRNO_OPTION);
    private static final MethodHandle GETSOCKNAME = LinuxKernel.libc("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), LinuxKernel.ERRNO_OPTION);
    private static final MethodHandle SETSOCKOPT = LinuxKernel.libc("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), LinuxKernel.ERRNO_OPTION);
    private static final MethodHandle SENDTO = LinuxKernel.libc("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT),
            LinuxKernel.ERRNO_OPTION);
    private static final MethodHandle RECVFROM = LinuxKernel.libc("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS),
            LinuxKernel.ERRNO_OPTION);
    private static final MethodHandle POLL = LinuxKernel.libc("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), LinuxKernel.ERRNO_OPTION);
    private static final MethodHandle CLOSE = LinuxKernel.libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final int fd;
    private final int protocol;
    private final int port;
    private final String name;
    private int users;
    private boolean closed;
    private boolean fdClosed;

    private LinuxNetlinkSocket(int fd, int protocol, int port) {
        this.fd = fd;
        this.protocol = protocol;
        this.port = port;
        this.name = "netlink socket (protocol " + protocol + ")";
    }

    static LinuxNetlinkSocket open(int protocol, int groups) {
        String target = "netlink protocol " + protocol;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(LinuxKernel.CAPTURE);
            int fd = (int) SOCKET.invokeExact(state, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
            if (fd < 0) throw new KernelException("socket", target, LinuxKernel.errno(state), hint(state));
            try {
                MemorySegment address = address(arena, groups);
                if ((int) BIND.invokeExact(state, fd, address, SOCKADDR_NL) != 0) {
                    throw new KernelException("bind", target + " groups 0x" + Integer.toHexString(groups),
                            LinuxKernel.errno(state), "only root may join some protocols' multicast groups");
                }
                MemorySegment length = arena.allocateFrom(JAVA_INT, SOCKADDR_NL);
                if ((int) GETSOCKNAME.invokeExact(state, fd, address, length) != 0) {
                    throw new KernelException("getsockname", target, LinuxKernel.errno(state), null);
                }
                return new LinuxNetlinkSocket(fd, protocol, address.get(JAVA_INT, 4));
            } catch (RuntimeException e) {
                int ignored = (int) CLOSE.invokeExact(fd);
                throw e;
            }
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("netlink socket downcall failed", t);
        }
    }

    private static String hint(MemorySegment state) {
        return switch (Errno.of(LinuxKernel.errno(state))) {
            case EPROTONOSUPPORT -> "this kernel was built without that netlink protocol";
            case EAFNOSUPPORT -> "this kernel was built without netlink (CONFIG_NET)";
            case null, default -> null;
        };
    }

    private static MemorySegment address(Arena arena, int groups) {
        MemorySegment a = arena.allocate(SOCKADDR_NL, 4);
        a.set(JAVA_SHORT, 0, (short) AF_NETLINK);
        a.set(JAVA_INT, 8, groups);
        return a;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public int port() {
        return port;
    }

    /** A call on the descriptor, with an arena and a state segment for errno. */
    private interface Downcall<T> {
        T call(Arena arena, MemorySegment state) throws Throwable;
    }

    /** Runs {@code body} while holding the descriptor open; a KernelException passes, anything else is a bug. */
    private <T> T using(String call, Downcall<T> body) {
        acquire(call);
        try (Arena arena = Arena.ofConfined()) {
            return body.call(arena, arena.allocate(LinuxKernel.CAPTURE));
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(call + " downcall failed", t);
        } finally {
            release();
        }
    }

    @Override
    public void send(byte[] message) {
        using("sendto", (arena, state) -> {
            MemorySegment buf = arena.allocate(Math.max(1, message.length));
            buf.copyFrom(MemorySegment.ofArray(message));
            long sent = (long) SENDTO.invokeExact(state, fd, buf, (long) message.length, 0, address(arena, 0),
                    SOCKADDR_NL);
            if (sent < 0) throw new KernelException("sendto", name, LinuxKernel.errno(state), null);
            return null;
        });
    }

    @Override
    public Optional<Datagram> receive(Duration timeout) {
        return using("recvfrom", (arena, state) -> {
            MemorySegment pollfd = arena.allocate(8, 4);
            long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
            while (true) {
                if (closing()) return Optional.empty();
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                pollfd.set(JAVA_INT, 0, fd);
                pollfd.set(JAVA_SHORT, 4, POLLIN);
                pollfd.set(JAVA_SHORT, 6, (short) 0);
                int ready = (int) POLL.invokeExact(state, pollfd, 1L, (int) Math.min(left, SLICE_MILLIS));
                if (ready < 0) {
                    int errno = LinuxKernel.errno(state);
                    if (errno == Errno.EINTR.number) continue;
                    throw new KernelException("poll", name, errno, null);
                }
                if (ready > 0) {
                    Optional<Datagram> d = read(arena, state);
                    if (d.isPresent()) return d;
                } else if (left <= SLICE_MILLIS) {
                    return Optional.empty();
                }
            }
        });
    }

    /** One datagram, without blocking; empty if another reader took it first. */
    private Optional<Datagram> read(Arena arena, MemorySegment state) throws Throwable {
        MemorySegment buf = arena.allocate(MAX_DATAGRAM);
        MemorySegment from = arena.allocate(SOCKADDR_NL, 4);
        MemorySegment fromLength = arena.allocateFrom(JAVA_INT, SOCKADDR_NL);
        // MSG_TRUNC: netlink returns the datagram's real length, so a cut one is noticed.
        long n = (long) RECVFROM.invokeExact(state, fd, buf, (long) MAX_DATAGRAM, MSG_DONTWAIT | MSG_TRUNC, from,
                fromLength);
        if (n < 0) {
            int errno = LinuxKernel.errno(state);
            if (errno == Errno.EAGAIN.number || errno == Errno.EINTR.number) return Optional.empty();
            throw new KernelException("recvfrom", name, errno, errno == Errno.ENOBUFS.number
                    ? "the receive queue overflowed and datagrams were lost: read the current state afresh" : null);
        }
        if (n > MAX_DATAGRAM) {
            throw new KernelException("recvfrom", name + ": a datagram of " + n + " bytes", Errno.EMSGSIZE.number,
                    "lobos reads at most " + MAX_DATAGRAM + " bytes at once");
        }
        return Optional.of(new Datagram(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                from.get(JAVA_INT, 4), from.get(JAVA_INT, 8)));
    }

    @Override
    public void receiveBuffer(int bytes) {
        using("setsockopt", (arena, state) -> {
            MemorySegment value = arena.allocateFrom(JAVA_INT, bytes);
            // SO_RCVBUFFORCE passes the system limit but needs CAP_NET_ADMIN; SO_RCVBUF is capped by it.
            if ((int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVBUFFORCE, value, 4) != 0
                    && (int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVBUF, value, 4) != 0) {
                throw new KernelException("setsockopt", name + " SO_RCVBUF " + bytes, LinuxKernel.errno(state), null);
            }
            return null;
        });
    }

    private synchronized void acquire(String call) {
        if (closed) throw new KernelException(call, name, Errno.EBADF.number, "the socket was closed");
        users++;
    }

    private synchronized boolean closing() {
        return closed;
    }

    private void release() {
        boolean closeNow;
        synchronized (this) {
            users--;
            closeNow = closed && users == 0 && !fdClosed;
            if (closeNow) fdClosed = true;
        }
        if (closeNow) closeFd();
    }

    @Override
    public void close() {
        boolean closeNow;
        synchronized (this) {
            if (closed) return;
            closed = true;
            closeNow = users == 0;
            if (closeNow) fdClosed = true;
        }
        if (closeNow) closeFd();
    }

    private void closeFd() {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close downcall failed", t);
        }
    }
}
