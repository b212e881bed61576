package lobos.netboot;

import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import lobos.net.dhcp6.Dhcp6Client;
import lobos.net.dhcp6.Dhcp6Message;

/**
 * A DHCPv6 server in memory, as a client's transport: it advertises and gives one address at
 * once, with name servers and a boot file URL when given. The warm-up's network
 * ({@link NetworkSteps#rehearse}), and the tests'.
 */
final class MemoryDhcp6Server extends MemoryAnswers implements Dhcp6Client.Transport {
    /** DUID-LL of 02:00:00:00:00:01. */
    private static final byte[] SERVER_ID = {0, 3, 0, 1, 2, 0, 0, 0, 0, 1};

    private final Inet6Address offered;
    private final List<Inet6Address> dns;
    private final String bootFileUrl;

    /** @param bootFileUrl option 59, or null */
    MemoryDhcp6Server(Inet6Address offered, List<Inet6Address> dns, String bootFileUrl) {
        this.offered = offered;
        this.dns = List.copyOf(dns);
        this.bootFileUrl = bootFileUrl;
    }

    @Override
    public void send(byte[] packet) {
        Dhcp6Message m = Dhcp6Message.decode(packet);
        int type = m.type() == Dhcp6Message.SOLICIT ? Dhcp6Message.ADVERTISE : Dhcp6Message.REPLY;
        List<Dhcp6Message.Option> o = new ArrayList<>();
        o.add(new Dhcp6Message.Option(Dhcp6Message.OPTION_CLIENTID, m.first(Dhcp6Message.OPTION_CLIENTID).orElseThrow()));
        o.add(new Dhcp6Message.Option(Dhcp6Message.OPTION_SERVERID, SERVER_ID));
        byte[] iaid = m.first(Dhcp6Message.OPTION_IA_NA).map(v -> java.util.Arrays.copyOf(v, 4)).orElse(new byte[4]);
        byte[] address = ByteBuffer.allocate(24).put(offered.getAddress()).putInt(600).putInt(600).array();
        byte[] ia = ByteBuffer.allocate(12).put(iaid).putInt(300).putInt(480).array();
        ByteBuffer iaNa = ByteBuffer.allocate(12 + 4 + 24).put(ia)
                .put(Dhcp6Message.encode(List.of(new Dhcp6Message.Option(Dhcp6Message.OPTION_IAADDR, address))));
        o.add(new Dhcp6Message.Option(Dhcp6Message.OPTION_IA_NA, iaNa.array()));
        if (!dns.isEmpty()) {
            ByteBuffer d = ByteBuffer.allocate(16 * dns.size());
            for (Inet6Address a : dns) d.put(a.getAddress());
            o.add(new Dhcp6Message.Option(Dhcp6Message.OPTION_DNS_SERVERS, d.array()));
        }
        if (bootFileUrl != null) {
            o.add(new Dhcp6Message.Option(Dhcp6Message.OPTION_BOOTFILE_URL, bootFileUrl.getBytes(StandardCharsets.UTF_8)));
        }
        answers.add(new Dhcp6Message(type, m.xid(), o).encode());
    }
}
