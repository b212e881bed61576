package lobos.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The real netlink socket on the host, through calls that change nothing: listening for uevents
 * (nothing is triggered: writing to sysfs "uevent" files would load modules here) and asking
 * rtnetlink for the list of links.
 */
class NetlinkSocketTest {
    private final LinuxKernel kernel = new LinuxKernel();

    @Test
    void listensForUeventsAndTimesOutQuietly() {
        try (NetlinkSocket socket = kernel.openNetlink(NetlinkSocket.UEVENT, NetlinkSocket.UEVENT_KERNEL_GROUP)) {
            assertThat(socket.protocol()).isEqualTo(NetlinkSocket.UEVENT);
            assertThat(socket.port()).isNotZero();
            socket.receiveBuffer(1 << 20);
            // The host may send an event of its own meanwhile; if it does, it is the kernel's and well-formed.
            Optional<NetlinkSocket.Datagram> d = socket.receive(Duration.ofMillis(50));
            d.ifPresent(datagram -> {
                assertThat(datagram.fromKernel()).isTrue();
                assertThat(Uevent.parse(datagram.bytes())).isPresent();
            });
            assertThat(socket.receive(Duration.ZERO)).isNotNull();
        }
    }

    @Test
    void callsAfterCloseFailWithEbadfAndCloseTwiceIsFine() {
        NetlinkSocket socket = kernel.openNetlink(NetlinkSocket.UEVENT, 0);
        socket.close();
        socket.close();
        assertThatThrownBy(() -> socket.receive(Duration.ZERO)).isInstanceOfSatisfying(KernelException.class,
                e -> assertThat(e.errnoName()).isEqualTo(Errno.EBADF));
        assertThatThrownBy(() -> socket.send(new byte[16])).isInstanceOf(KernelException.class);
    }

    @Test
    void anUnknownProtocolIsATypedError() {
        assertThatThrownBy(() -> kernel.openNetlink(31, 0)).isInstanceOfSatisfying(KernelException.class,
                e -> assertThat(e.call()).isEqualTo("socket"));
    }

    private static final short RTM_NEWLINK = 16, RTM_GETLINK = 18, NLMSG_DONE = 3, NLMSG_ERROR = 2;
    private static final short NLM_F_REQUEST = 1, NLM_F_DUMP = 0x300;

    @Test
    void rtnetlinkDumpOfLinksNamesTheLoopback() {
        try (NetlinkSocket socket = kernel.openNetlink(NetlinkSocket.ROUTE, 0)) {
            // struct nlmsghdr + struct ifinfomsg (AF_UNSPEC: every link)
            ByteBuffer request = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
            request.putInt(32).putShort(RTM_GETLINK).putShort((short) (NLM_F_REQUEST | NLM_F_DUMP)).putInt(7).putInt(0);
            socket.send(request.array());
            List<String> types = new ArrayList<>();
            boolean loopback = false;
            done:
            while (true) {
                NetlinkSocket.Datagram d = socket.receive(Duration.ofSeconds(5)).orElseThrow();
                assertThat(d.fromKernel()).isTrue();
                ByteBuffer b = ByteBuffer.wrap(d.bytes()).order(ByteOrder.nativeOrder());
                while (b.remaining() >= 16) {
                    int start = b.position();
                    int length = b.getInt();
                    short type = b.getShort();
                    b.getShort();
                    assertThat(b.getInt()).as("sequence number").isEqualTo(7);
                    assertThat(b.getInt()).as("reply to our port").isEqualTo(socket.port());
                    types.add(type == RTM_NEWLINK ? "link" : type == NLMSG_DONE ? "done" : "type " + type);
                    assertThat(type).isNotEqualTo(NLMSG_ERROR);
                    if (type == NLMSG_DONE) break done;
                    String body = new String(d.bytes(), start, length, StandardCharsets.ISO_8859_1);
                    loopback |= body.contains("lo\0");
                    b.position(start + ((length + 3) & ~3));
                }
            }
            assertThat(types).contains("link").endsWith("done");
            assertThat(loopback).as("a link named lo").isTrue();
        }
    }

    @Test
    void theRecordingKernelHandsOutFakesThatTestsFeed() {
        RecordingKernel recorder = new RecordingKernel(java.nio.file.Path.of("/tmp"));
        FakeNetlinkSocket fake = recorder.netlink(NetlinkSocket.ROUTE)
                .replying(request -> List.of(new byte[] {1, (byte) request.length}));
        byte[] event = Uevent.of(Uevent.Action.ADD, "/devices/virtual/net/dummy0", "net", "INTERFACE", "dummy0").bytes();
        recorder.netlink(NetlinkSocket.UEVENT).inject(event, 1);
        try (NetlinkSocket route = recorder.openNetlink(NetlinkSocket.ROUTE, 0);
                NetlinkSocket uevents = recorder.openNetlink(NetlinkSocket.UEVENT, 1)) {
            assertThat(route).isSameAs(fake);
            route.send(new byte[] {9, 9, 9});
            assertThat(route.receive(Duration.ZERO).orElseThrow().bytes()).containsExactly(1, 3);
            assertThat(uevents.receive(Duration.ZERO).orElseThrow().bytes()).isEqualTo(event);
            assertThat(uevents.receive(Duration.ZERO)).isEmpty();
        }
        assertThat(recorder.calls).containsExactly("netlink_send 0 3 bytes");
        assertThat(recorder.netlink(NetlinkSocket.ROUTE)).as("a new one after close").isNotSameAs(fake);
        assertThatThrownBy(() -> fake.receive(Duration.ZERO)).isInstanceOf(KernelException.class);
    }
}
