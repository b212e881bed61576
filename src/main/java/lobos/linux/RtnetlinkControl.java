package lobos.linux;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@link NetworkControl} through a NETLINK_ROUTE socket: one request, then its acknowledgement or dump. */
public final class RtnetlinkControl implements NetworkControl {
    private static final Duration ANSWER = Duration.ofSeconds(5);
    private final Kernel kernel;
    private int seq = (int) (System.nanoTime() & 0x3fffffff);

    /** Through the real kernel: only for the loader, lobos's own commands and tests in a test namespace. */
    public RtnetlinkControl() {
        this(new LinuxKernel());
    }

    public RtnetlinkControl(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public List<LinkState> links() {
        return dump(Rtnetlink.RTM_GETLINK, 16, Rtnetlink.RTM_NEWLINK, Rtnetlink::link);
    }

    @Override
    public List<LinkAddress> addresses() {
        Map<Integer, String> names = names();
        return dump(Rtnetlink.RTM_GETADDR, 8, Rtnetlink.RTM_NEWADDR, body -> Rtnetlink.address(body, names));
    }

    @Override
    public List<Route> routes() {
        Map<Integer, String> names = names();
        return dump(Rtnetlink.RTM_GETROUTE, 12, Rtnetlink.RTM_NEWROUTE, body -> Rtnetlink.route(body, names));
    }

    private Map<Integer, String> names() {
        Map<Integer, String> names = new HashMap<>();
        for (LinkState l : links()) names.put(l.index(), l.name());
        return names;
    }

    @Override
    public void up(String link) {
        request("set " + link + " up", s -> Rtnetlink.setLink(index(link), true, 0, s));
    }

    @Override
    public void mtu(String link, int mtu) {
        request("set " + link + " mtu " + mtu, s -> Rtnetlink.setLink(index(link), true, mtu, s));
    }

    @Override
    public void addAddress(String link, InetAddress address, int prefix, long validSeconds) {
        request("add address " + address.getHostAddress() + "/" + prefix + " to " + link,
                s -> Rtnetlink.address(true, index(link), address, prefix, validSeconds, s));
    }

    @Override
    public void removeAddress(String link, InetAddress address, int prefix) {
        request("remove address " + address.getHostAddress() + "/" + prefix + " from " + link,
                s -> Rtnetlink.address(false, index(link), address, prefix, 0, s));
    }

    @Override
    public void addRoute(String link, InetAddress destination, int prefix, InetAddress gateway, int metric) {
        request("add route " + (destination == null ? "default" : destination.getHostAddress() + "/" + prefix)
                        + (gateway == null ? "" : " via " + gateway.getHostAddress()) + " on " + link,
                s -> Rtnetlink.route(index(link), destination, prefix, gateway, metric, s));
    }

    private static int index(String link) {
        int index = Sockets.interfaceIndex(link);
        if (index == 0) throw new KernelException("rtnetlink", link, Errno.ENODEV.number, "no interface of that name: see lobos net");
        return index;
    }

    private synchronized void request(String what, java.util.function.IntFunction<byte[]> message) {
        int s = ++seq;
        try (NetlinkSocket socket = kernel.openNetlink(NetlinkSocket.ROUTE, 0)) {
            socket.send(message.apply(s));
            long deadline = System.nanoTime() + ANSWER.toNanos();
            while (System.nanoTime() < deadline) {
                var datagram = socket.receive(Duration.ofNanos(deadline - System.nanoTime()));
                if (datagram.isEmpty()) break;
                for (Rtnetlink.Message m : Rtnetlink.messages(datagram.get().bytes())) {
                    if (m.seq() != s || m.type() != Rtnetlink.NLMSG_ERROR) continue;
                    int errno = Rtnetlink.error(m.body());
                    if (errno != 0) throw new KernelException("rtnetlink", what, errno, null);
                    return;
                }
            }
        }
        throw new KernelException("rtnetlink", what, Errno.EIO.number, "the kernel did not acknowledge the request");
    }

    private synchronized <T> List<T> dump(int type, int structSize, int answerType, Function<byte[], T> read) {
        int s = ++seq;
        List<T> out = new ArrayList<>();
        try (NetlinkSocket socket = kernel.openNetlink(NetlinkSocket.ROUTE, 0)) {
            socket.send(Rtnetlink.dump(type, structSize, s));
            long deadline = System.nanoTime() + ANSWER.toNanos();
            while (System.nanoTime() < deadline) {
                var datagram = socket.receive(Duration.ofNanos(deadline - System.nanoTime()));
                if (datagram.isEmpty()) break;
                for (Rtnetlink.Message m : Rtnetlink.messages(datagram.get().bytes())) {
                    if (m.seq() != s) continue;
                    if (m.type() == Rtnetlink.NLMSG_DONE) return out;
                    if (m.type() == Rtnetlink.NLMSG_ERROR) {
                        int errno = Rtnetlink.error(m.body());
                        if (errno != 0) throw new KernelException("rtnetlink", "dump " + type, errno, null);
                    }
                    if (m.type() == answerType) {
                        T item = read.apply(m.body());
                        if (item != null) out.add(item);
                    }
                }
            }
        }
        throw new KernelException("rtnetlink", "dump " + type, Errno.EIO.number, "the kernel's answer did not end");
    }
}
