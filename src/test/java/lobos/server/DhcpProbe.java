package lobos.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import lobos.net.LinkSocket;
import lobos.net.dhcp.DhcpCodec;
import lobos.net.dhcp.DhcpMessage;
import lobos.net.dhcp.DhcpOption;
import lobos.net.dhcp.DhcpOptions;
import lobos.net.dhcp.DhcpValues;
import lobos.net.dhcp.MessageType;

/**
 * A scripted DHCP client for the namespace tests, run as a child JVM in the client's namespace
 * (lobos's own client ignores offers without an address, as it should, so it cannot act as
 * firmware): {@code pxe LINK MAC} broadcasts a PXE DHCPDISCOVER and prints every reply for 3
 * seconds as one line; {@code pxe-request LINK MAC SERVER CIADDR} sends the PXE client's
 * request to SERVER:4011 and prints the reply; {@code garbage LINK} broadcasts malformed
 * datagrams to port 67.
 */
public final class DhcpProbe {
    static final UUID UUID_OF_PROBE = UUID.fromString("4c4c4544-0033-4810-8039-b4c04f4a3132");

    public static void main(String[] args) throws Exception {
        String link = args[1];
        switch (args[0]) {
            case "pxe" -> {
                try (LinkSocket s = new LinkSocket(link, 68)) {
                    s.broadcast(DhcpCodec.encode(pxe(MessageType.DISCOVER, args[2], null)), 67);
                    print(s, 3000);
                }
            }
            case "pxe-request" -> {
                try (LinkSocket s = new LinkSocket(link, 68)) {
                    Inet4Address ciaddr = (Inet4Address) InetAddress.getByName(args[4]);
                    s.send(DhcpCodec.encode(pxe(MessageType.REQUEST, args[2], ciaddr)), (Inet4Address) InetAddress.getByName(args[3]), 4011);
                    print(s, 3000);
                }
            }
            case "garbage" -> {
                try (LinkSocket s = new LinkSocket(link, 68)) {
                    s.broadcast(new byte[] {1, 2, 3}, 67);
                    byte[] truncated = DhcpCodec.encode(pxe(MessageType.DISCOVER, "52:54:00:66:66:66", null));
                    truncated[240] = 53; // message type...
                    truncated[241] = (byte) 200; // ...of 200 bytes, past the end
                    s.broadcast(truncated, 67);
                    System.out.println("sent");
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static DhcpMessage pxe(MessageType type, String mac, Inet4Address ciaddr) {
        DhcpOptions o = DhcpOptions.builder().u8(DhcpOption.MESSAGE_TYPE, type.code)
                .string(DhcpOption.VENDOR_CLASS, "PXEClient:Arch:00000:UNDI:002001").u16(DhcpOption.CLIENT_ARCH, 0)
                .put(DhcpOption.CLIENT_NDI, new byte[] {1, 2, 1}).put(DhcpOption.CLIENT_MACHINE_ID, DhcpValues.machineId(UUID_OF_PROBE))
                .put(DhcpOption.PARAMETER_REQUEST_LIST, new byte[] {1, 3, 43, 60, 66, 67, 97}).build();
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 6, 0, 0x5eed, 0, ciaddr == null ? DhcpMessage.FLAG_BROADCAST : 0, ciaddr,
                null, null, null, HexFormat.ofDelimiter(":").parseHex(mac), "", "", o);
    }

    /** One line per reply: who, type, yiaddr, siaddr, file, option 60, option 43. */
    private static void print(LinkSocket s, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            LinkSocket.Datagram d = s.receive(Duration.ofMillis(100));
            if (d == null) continue;
            DhcpMessage m = DhcpCodec.decode(d.data());
            if (m.op() != DhcpMessage.BOOTREPLY || m.xid() != 0x5eed) continue;
            System.out.println("reply from=" + d.source().getHostAddress() + " type=" + m.type() + " yiaddr=" + m.yiaddr().getHostAddress()
                    + " siaddr=" + m.siaddr().getHostAddress() + " file=" + (m.file().isEmpty() ? "-" : m.file()) + " vendor="
                    + m.options().string(DhcpOption.VENDOR_CLASS).orElse("-") + " pxe="
                    + m.options().bytes(DhcpOption.VENDOR_SPECIFIC).map(HexFormat.of()::formatHex).orElse("-") + " uuid="
                    + m.options().bytes(DhcpOption.CLIENT_MACHINE_ID).map(DhcpValues::machineId).map(Object::toString).orElse("-"));
        }
        System.out.println("done");
    }

    static List<String> lines(String out) {
        return out.lines().filter(l -> l.startsWith("reply ")).toList();
    }
}
