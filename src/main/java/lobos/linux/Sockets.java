package lobos.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.time.Duration;

/**
 * libc's socket calls through FFM, for the sockets the JDK cannot make: a UDP socket bound to
 * a device that has no address yet (DHCP), and netlink sockets. Each call returns its result
 * or throws a {@link KernelException} naming the call and the errno.
 */
final class Sockets {
    static final int AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16;
    static final int SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1, SO_REUSEADDR = 2, SO_BROADCAST = 6, SO_RCVBUF = 8, SO_BINDTODEVICE = 25, SO_RCVBUFFORCE = 33;
    static final int IPPROTO_IPV6 = 41, IPV6_V6ONLY = 26, IPV6_MULTICAST_IF = 17;
    static final int SOL_NETLINK = 270, NETLINK_ADD_MEMBERSHIP = 1;
    private static final short POLLIN = 1;
    private static final int EINTR = 4;

    private static final StructLayout CAPTURE = LinuxKernel.CAPTURE;

    private static final MethodHandle SOCKET = libc("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = libc("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle BIND = libc("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDTO = libc("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVFROM = libc("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle POLL = libc("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle IF_NAMETOINDEX = libc("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private Sockets() {}

    private static MethodHandle libc(String name, FunctionDescriptor descriptor) {
        return LinuxKernel.libc(name, descriptor, LinuxKernel.ERRNO_OPTION);
    }

    private static int errno(MemorySegment state) {
        return LinuxKernel.errno(state);
    }

    private static KernelException failed(String call, String target, MemorySegment state) {
        return new KernelException(call, target, errno(state), null);
    }

    static int socket(int domain, int type, int protocol, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) SOCKET.invokeExact(state, domain, type | SOCK_CLOEXEC, protocol);
            if (fd < 0) throw failed("socket", what, state);
            return fd;
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("socket downcall failed", t);
        }
    }

    static void setInt(int fd, int level, int option, int value, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocateFrom(JAVA_INT, value);
            setsockopt(arena, fd, level, option, v, 4, what);
        }
    }

    /** SO_BINDTODEVICE: the socket sends and receives only through this interface. */
    static void bindToDevice(int fd, String device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(device);
            setsockopt(arena, fd, SOL_SOCKET, SO_BINDTODEVICE, name, (int) name.byteSize(), device);
        }
    }

    private static void setsockopt(Arena arena, int fd, int level, int option, MemorySegment value, int length,
            String what) {
        MemorySegment state = arena.allocate(CAPTURE);
        int rc;
        try {
            rc = (int) SETSOCKOPT.invokeExact(state, fd, level, option, value, length);
        } catch (Throwable t) {
            throw new IllegalStateException("setsockopt downcall failed", t);
        }
        if (rc != 0) throw failed("setsockopt", what + " (option " + option + ")", state);
    }

    static void bind(int fd, byte[] sockaddr, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment addr = arena.allocate(sockaddr.length);
            addr.copyFrom(MemorySegment.ofArray(sockaddr));
            int rc = (int) BIND.invokeExact(state, fd, addr, sockaddr.length);
            if (rc != 0) throw failed("bind", what, state);
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("bind downcall failed", t);
        }
    }

    static void sendTo(int fd, byte[] data, int length, byte[] sockaddr, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment buf = arena.allocate(Math.max(1, length));
            MemorySegment.copy(data, 0, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, length);
            MemorySegment addr = arena.allocate(sockaddr.length);
            addr.copyFrom(MemorySegment.ofArray(sockaddr));
            long n = (long) SENDTO.invokeExact(state, fd, buf, (long) length, 0, addr, sockaddr.length);
            if (n < 0) throw failed("sendto", what, state);
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("sendto downcall failed", t);
        }
    }

    /** A datagram received: its bytes and the sender's socket address as the kernel wrote it. */
    record Received(byte[] data, byte[] source) {}

    /**
     * Waits up to {@code timeout} for a datagram and returns it, or null when none came. The wait
     * is cut into slices of at most 100 ms, so a virtual thread waiting here holds its carrier
     * thread no longer than that at a time, and an interrupt ends the wait.
     */
    static Received receive(int fd, int capacity, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment pollfd = arena.allocate(8, 4);
            MemorySegment buf = arena.allocate(capacity);
            MemorySegment from = arena.allocate(128);
            MemorySegment fromLength = arena.allocate(JAVA_INT);
            while (true) {
                if (Thread.interrupted()) throw new InterruptedException();
                long left = deadline - System.nanoTime();
                if (left <= 0) return null;
                pollfd.set(JAVA_INT, 0, fd);
                pollfd.set(JAVA_SHORT, 4, POLLIN);
                pollfd.set(JAVA_SHORT, 6, (short) 0);
                int slice = (int) Math.max(1, Math.min(100, left / 1_000_000));
                int rc = (int) POLL.invokeExact(state, pollfd, 1L, slice);
                if (rc < 0) {
                    if (errno(state) == EINTR) continue;
                    throw failed("poll", what, state);
                }
                if (rc == 0) continue;
                fromLength.set(JAVA_INT, 0, 128);
                long n = (long) RECVFROM.invokeExact(state, fd, buf, (long) capacity, 0, from, fromLength);
                if (n < 0) {
                    if (errno(state) == EINTR || errno(state) == Errno.EAGAIN.number) continue;
                    throw failed("recvfrom", what, state);
                }
                byte[] data = buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                int fl = Math.min(128, fromLength.get(JAVA_INT, 0));
                return new Received(data, from.asSlice(0, fl).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            }
        } catch (KernelException | InterruptedException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("recvfrom downcall failed", t);
        }
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CAPTURE), fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close downcall failed", t);
        }
    }

    /** The interface index of a device name (if_nametoindex), or 0 if there is no such device. */
    static int interfaceIndex(String name) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) IF_NAMETOINDEX.invokeExact(arena.allocate(CAPTURE), arena.allocateFrom(name));
        } catch (Throwable t) {
            throw new IllegalStateException("if_nametoindex downcall failed", t);
        }
    }
}
