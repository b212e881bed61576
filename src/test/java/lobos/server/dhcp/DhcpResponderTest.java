package lobos.server.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import lobos.net.dhcp.DhcpCodec;
import lobos.net.dhcp.DhcpMessage;
import lobos.net.dhcp.DhcpOption;
import lobos.net.dhcp.DhcpOptions;
import lobos.net.dhcp.DhcpValues;
import lobos.net.dhcp.MessageType;
import org.junit.jupiter.api.Test;

class DhcpResponderTest {
    static final String MAC = "52:54:00:12:34:56";
    static final int SERVER = Ipv4.parse("192.0.2.1");
    static final List<DhcpRequest.LinkAddress> LINK = List.of(new DhcpRequest.LinkAddress(SERVER, 24));
    static final Subnet LAN = new Subnet(Ipv4.parse("192.0.2.0"), 24, List.of(new Subnet.Range(Ipv4.parse("192.0.2.100"),
            Ipv4.parse("192.0.2.199"))), List.of(Ipv4.parse("192.0.2.254")), List.of(Ipv4.parse("192.0.2.53")), "lab.test", 1400,
            List.of(Ipv4.parse("192.0.2.123")), 3600);
    static final Subnet REMOTE = new Subnet(Ipv4.parse("198.51.100.0"), 24, List.of(new Subnet.Range(Ipv4.parse("198.51.100.10"),
            Ipv4.parse("198.51.100.20"))), List.of(Ipv4.parse("198.51.100.1")), List.of(), null, 0, List.of(), 600);

    final List<String> log = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    long now = 5_000_000;
    final LeasePool pool = new LeasePool(List.of(), l -> {}, () -> now);

    /** Clients: MAC 52:54:00:12:34:56 is node7 with 192.0.2.77 reserved; others are unknown. */
    static DhcpSettings.Clients clients(boolean serveUnknown) {
        return new DhcpSettings.Clients() {
            @Override
            public DhcpSettings.Known find(String mac, String uuid, String hostname) {
                return mac.equals(MAC) ? new DhcpSettings.Known("node7", Ipv4.parse("192.0.2.77")) : null;
            }

            @Override
            public String reservedFor(int address) {
                return address == Ipv4.parse("192.0.2.77") ? MAC : null;
            }

            @Override
            public boolean serveUnknown() {
                return serveUnknown;
            }
        };
    }

    DhcpResponder responder(DhcpSettings.Mode mode, boolean serveUnknown) {
        return new DhcpResponder(new DhcpSettings(mode, List.of(LAN, REMOTE), clients(serveUnknown),
                DhcpSettings.Boot.debianIpxe(null, 8080)), pool, new DhcpEvents() {
                    @Override
                    public void bound(Lease lease, String uuid, BootClient client, String bootFile) {
                        events.add("bound " + Ipv4.text(lease.address()) + " " + client.label() + " " + bootFile + " " + uuid);
                    }

                    @Override
                    public void bootInformation(String mac, String uuid, BootClient client, String bootFile) {
                        events.add("boot " + mac + " " + client.label() + " " + bootFile);
                    }
                }, log::add);
    }

    static DhcpMessage message(MessageType type, String mac, Consumer<DhcpOptions.Builder> options) {
        DhcpOptions.Builder o = DhcpOptions.builder();
        if (type != null) o.u8(DhcpOption.MESSAGE_TYPE, type.code);
        options.accept(o);
        byte[] chaddr = java.util.HexFormat.ofDelimiter(":").parseHex(mac);
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 6, 0, 0x1234, 0, 0, null, null, null, null, chaddr, "", "", o.build());
    }

    static DhcpRequest on67(DhcpMessage m) {
        return new DhcpRequest(m, "br0", LINK, 67, 0, 68);
    }

    static void pxe(DhcpOptions.Builder o, int arch) {
        o.string(DhcpOption.VENDOR_CLASS, String.format("PXEClient:Arch:%05d:UNDI:003016", arch)).u16(DhcpOption.CLIENT_ARCH, arch);
    }

    DhcpReply answer(DhcpResponder r, DhcpRequest request) {
        DhcpReply reply = r.answer(request).orElseThrow(() -> new AssertionError("no answer; log: " + log));
        // what goes on the wire decodes to the same message
        assertThat(DhcpCodec.decode(DhcpCodec.encode(reply.message(), reply.maxSize()))).isEqualTo(reply.message());
        return reply;
    }

    @Test
    void discoverRequestAckWithTheSubnetsOptions() {
        DhcpResponder r = responder(DhcpSettings.Mode.AUTHORITATIVE, true);
        String other = "52:54:00:00:00:01";
        DhcpReply offer = answer(r, on67(message(MessageType.DISCOVER, other, o -> {})));
        DhcpMessage m = offer.message();
        assertThat(m.type()).isEqualTo(MessageType.OFFER);
        assertThat(m.yiaddr().getHostAddress()).isEqualTo("192.0.2.100");
        assertThat(offer.to()).isEqualTo(DhcpReply.BROADCAST);
        assertThat(offer.port()).isEqualTo(68);
        DhcpOptions o = m.options();
        assertThat(o.address(DhcpOption.SERVER_ID).orElseThrow().getHostAddress()).isEqualTo("192.0.2.1");
        assertThat(o.u32(DhcpOption.LEASE_TIME)).contains(3600L);
        assertThat(o.u32(DhcpOption.RENEWAL_TIME)).contains(1800L);
        assertThat(o.u32(DhcpOption.REBINDING_TIME)).contains(3150L);
        assertThat(o.address(DhcpOption.SUBNET_MASK).orElseThrow().getHostAddress()).isEqualTo("255.255.255.0");
        assertThat(o.address(DhcpOption.ROUTER).orElseThrow().getHostAddress()).isEqualTo("192.0.2.254");
        assertThat(o.address(DhcpOption.DNS_SERVERS).orElseThrow().getHostAddress()).isEqualTo("192.0.2.53");
        assertThat(o.string(DhcpOption.DOMAIN_NAME)).contains("lab.test");
        assertThat(o.u16(DhcpOption.INTERFACE_MTU)).contains(1400);
        assertThat(o.address(DhcpOption.NTP_SERVERS).orElseThrow().getHostAddress()).isEqualTo("192.0.2.123");
        assertThat(o.has(DhcpOption.HOST_NAME)).isFalse(); // an unknown node has no name
        assertThat(m.file()).isEmpty();

        DhcpReply ack = answer(r, on67(message(MessageType.REQUEST, other, b -> b.address(DhcpOption.SERVER_ID, Ipv4.address(SERVER))
                .address(DhcpOption.REQUESTED_ADDRESS, m.yiaddr()))));
        assertThat(ack.message().type()).isEqualTo(MessageType.ACK);
        assertThat(ack.message().yiaddr()).isEqualTo(m.yiaddr());
        assertThat(events).containsExactly("bound 192.0.2.100 plain null null");
        assertThat(pool.ofOwner("mac:" + other).orElseThrow().state()).isEqualTo(Lease.State.BOUND);
    }

    @Test
    void aKnownNodeGetsItsReservationAndNameAndOnlyTheOptionsItAsksFor() {
        DhcpResponder r = responder(DhcpSettings.Mode.AUTHORITATIVE, false);
        DhcpReply offer = answer(r, on67(message(MessageType.DISCOVER, MAC, o -> o.put(DhcpOption.PARAMETER_REQUEST_LIST,
                new byte[] {1, 3, 12}))));
        assertThat(offer.message().yiaddr().getHostAddress()).isEqualTo("192.0.2.77");
        DhcpOptions o = offer.message().options();
        assertThat(o.string(DhcpOption.HOST_NAME)).contains("node7");
        assertThat(o.has(DhcpOption.ROUTER)).isTrue();
        assertThat(o.has(DhcpOption.DNS_SERVERS)).isFalse();
        assertThat(o.has(DhcpOption.DOMAIN_NAME)).isFalse();
        // asking for another address is refused: the node has a reservation
        DhcpReply nak = answer(r, on67(message(MessageType.REQUEST, MAC, b -> b.address(DhcpOption.REQUESTED_ADDRESS,
                Ipv4.address(Ipv4.parse("192.0.2.150"))))));
        assertThat(nak.message().type()).isEqualTo(MessageType.NAK);
        assertThat(nak.message().options().string(DhcpOption.MESSAGE)).contains(MAC + " has the reservation 192.0.2.77");
    }

    @Test
    void unknownClientsAreIgnoredWhenTheFileSaysSo() {
        DhcpResponder r = responder(DhcpSettings.Mode.AUTHORITATIVE, false);
        assertThat(r.answer(on67(message(MessageType.DISCOVER, "52:54:00:00:00:01", o -> {})))).isEmpty();
        assertThat(log).containsExactly("ignored a DHCPDISCOVER from 52:54:00:00:00:01: not in the node file (unknown: ignore)");
    }

    @Test
    void requestsForAddressesThatAreNotTheClientsAreRefused() {
        DhcpResponder r = responder(DhcpSettings.Mode.AUTHORITATIVE, true);
        String a = "52:54:00:00:00:01", b = "52:54:00:00:00:02";
        DhcpReply offer = answer(r, on67(message(MessageType.DISCOVER, a, o -> {})));
        answer(r, on67(message(MessageType.REQUEST, a, o -> o.address(DhcpOption.REQUESTED_ADDRESS, offer.message().yiaddr()))));
        // INIT-REBOOT of b with a's address; then with an address of another network
        DhcpReply nak = answer(r, on67(message(MessageType.REQUEST, b, o -> o.address(DhcpOption.REQUESTED_ADDRESS, offer.message().yiaddr()))));
        assertThat(nak.message().type()).isEqualTo(MessageType.NAK);
        assertThat(nak.to()).isEqualTo(DhcpReply.BROADCAST);
        DhcpReply wrongNet = answer(r, on67(message(MessageType.REQUEST, b, o -> o.address(DhcpOption.REQUESTED_ADDRESS,
                Ipv4.address(Ipv4.parse("203.0.113.5"))))));
        assertThat(wrongNet.message().options().string(DhcpOption.MESSAGE)).contains("203.0.113.5 is not in 192.0.2.0/24");
        // a request for another server's offer withdraws ours
        answer(r, on67(message(MessageType.DISCOVER, b, o -> {})));
        assertThat(r.answer(on67(message(MessageType.REQUEST, b, o -> o.address(DhcpOption.SERVER_ID, Ipv4.address(Ipv4.parse("192.0.2.3")))
                .address(DhcpOption.REQUESTED_ADDRESS, Ipv4.address(Ipv4.parse("192.0.2.150"))))))).isEmpty();
        assertThat(pool.ofOwner("mac:" + b)).isEmpty();
    }

    @Test
    void renewalsGoToTheClientsAddress() {
        DhcpResponder r = responder(DhcpSettings.Mode.AUTHORITATIVE, true);
        String a = "52:54:00:00:00:01";
        DhcpReply offer = answer(r, on67(message(MessageType.DISCOVER, a, o -> {})));
        answer(r, on67(message(MessageType.REQUEST, a, o -> o.address(DhcpOption.REQUESTED_ADDRESS, offer.message().yiaddr()))));
        DhcpMessage renew = message(MessageType.REQUEST, a, o -> {});
        renew = new DhcpMessage(renew.op(), 1, 6, 0, 7, 0, 0, offer.message().yiaddr(), null, null, null, renew.chaddr(), "", "", renew.options());
        DhcpReply ack = answer(r, new DhcpRequest(renew, "br0", LINK, 67, Ipv4.of(offer.message().yiaddr()), 68));
        assertThat(ack.message().type()).isEqualTo(MessageType.ACK);
        assertThat(ack.to()).isEqualTo(Ipv4.of(offer.message().yiaddr()));
        assertThat(ack.message().ciaddr()).isEqualTo(offer.message().yiaddr());
    }

    @Test
    void bootFilesFollowTheClientsArchitectureAndKind() {
        DhcpResponder r = responder(DhcpSettings.Mode.AUTHORITATIVE, true);
        DhcpMessage bios = answer(r, on67(message(MessageType.DISCOVER, "52:54:00:00:00:01", o -> pxe(o, 0)))).message();
        assertThat(bios.file()).isEqualTo("undionly.kpxe");
        assertThat(bios.siaddr().getHostAddress()).isEqualTo("192.0.2.1");
        DhcpMessage uefi = answer(r, on67(message(MessageType.DISCOVER, "52:54:00:00:00:02", o -> pxe(o, 7)))).message();
        assertThat(uefi.file()).isEqualTo("ipxe.efi");
        DhcpMessage uefi9 = answer(r, on67(message(MessageType.DISCOVER, "52:54:00:00:00:03", o -> pxe(o, 9)))).message();
        assertThat(uefi9.file()).isEqualTo("ipxe.efi");
        DhcpMessage http = answer(r, on67(message(MessageType.DISCOVER, "52:54:00:00:00:04", o -> o.string(DhcpOption.VENDOR_CLASS,
                "HTTPClient:Arch:00016:UNDI:003001").u16(DhcpOption.CLIENT_ARCH, 16)))).message();
        assertThat(http.file()).isEqualTo("http://192.0.2.1:8080/ipxe/ipxe.efi");
        assertThat(http.options().string(DhcpOption.VENDOR_CLASS)).contains("HTTPClient");
        assertThat(http.siaddr().getHostAddress()).isEqualTo("0.0.0.0");
        DhcpMessage ipxe = answer(r, on67(message(MessageType.DISCOVER, "52:54:00:00:00:05", o -> {
            pxe(o, 0);
            o.string(DhcpOption.USER_CLASS, "iPXE").put(DhcpOption.IPXE, new byte[] {19, 1, 1});
        }))).message();
        assertThat(ipxe.file()).isEqualTo("http://192.0.2.1:8080/v1/ipxe?mac=52%3A54%3A00%3A00%3A00%3A05");
        DhcpMessage lobos = answer(r, on67(message(MessageType.DISCOVER, "52:54:00:00:00:06", o -> {
            pxe(o, 0);
            o.put(DhcpOption.USER_CLASS, DhcpValues.userClass(List.of("lobos")));
        }))).message();
        assertThat(lobos.file()).isEmpty();
        assertThat(lobos.options().string(DhcpOption.LOBOS_MANAGER_URL)).contains("http://192.0.2.1:8080/v1/boot");
        DhcpMessage arm = answer(r, on67(message(MessageType.DISCOVER, "52:54:00:00:00:07", o -> pxe(o, 11)))).message();
        assertThat(arm.file()).isEmpty();
        assertThat(log).contains("no boot file for 52:54:00:00:00:07: option 93 architecture 11 (uefi-arm64) has none in the node file");
    }

    @Test
    void relayedRequestsAreServedFromTheRelaysSubnetAndAnsweredToTheRelay() {
        DhcpResponder r = responder(DhcpSettings.Mode.AUTHORITATIVE, true);
        byte[] info = {1, 3, 'p', 'o', '1'}; // circuit ID
        DhcpMessage discover = relayed(message(MessageType.DISCOVER, "52:54:00:00:00:01", o -> o.put(DhcpOption.RELAY_AGENT_INFO, info)),
                "198.51.100.1");
        DhcpReply offer = answer(r, new DhcpRequest(discover, "br0", LINK, 67, Ipv4.parse("198.51.100.1"), 67));
        assertThat(offer.message().yiaddr().getHostAddress()).isEqualTo("198.51.100.10");
        assertThat(offer.to()).isEqualTo(Ipv4.parse("198.51.100.1"));
        assertThat(offer.port()).isEqualTo(67);
        assertThat(offer.message().giaddr().getHostAddress()).isEqualTo("198.51.100.1");
        assertThat(offer.message().options().bytes(DhcpOption.RELAY_AGENT_INFO)).hasValue(info);
        assertThat(offer.message().options().codes().getLast()).isEqualTo(DhcpOption.RELAY_AGENT_INFO.code);
        assertThat(offer.message().options().address(DhcpOption.ROUTER).orElseThrow().getHostAddress()).isEqualTo("198.51.100.1");
        // RFC 3527: the relay's link selection sub-option names the subnet, whatever giaddr is
        byte[] select = {5, 4, (byte) 198, 51, 100, 0};
        DhcpMessage selected = relayed(message(MessageType.DISCOVER, "52:54:00:00:00:02", o -> o.put(DhcpOption.RELAY_AGENT_INFO, select)),
                "192.0.2.200");
        assertThat(answer(r, new DhcpRequest(selected, "br0", LINK, 67, Ipv4.parse("192.0.2.200"), 67)).message().yiaddr().getHostAddress())
                .isEqualTo("198.51.100.11");
        // a relay from a subnet the file does not have
        DhcpMessage stray = relayed(message(MessageType.DISCOVER, "52:54:00:00:00:03", o -> {}), "203.0.113.1");
        assertThat(r.answer(new DhcpRequest(stray, "br0", LINK, 67, Ipv4.parse("203.0.113.1"), 67))).isEmpty();
        assertThat(log).contains("ignored a DHCPDISCOVER from 52:54:00:00:00:03 on br0: no subnet in the node file for relay link 203.0.113.1");
    }

    /** Fuzzing finding: option 82 repeated into 420 octets was echoed, and the offer no longer fit in 576 bytes. */
    @Test
    void anOption82LongerThanARelayCanMakeIsNeitherEchoedNorRead() {
        DhcpResponder r = responder(DhcpSettings.Mode.AUTHORITATIVE, true);
        byte[] info = new byte[420];
        for (int i = 0; i < info.length; i += 84) {
            info[i] = 1;           // circuit ID sub-option, 82 octets
            info[i + 1] = 82;
        }
        DhcpMessage discover = relayed(message(MessageType.DISCOVER, "52:54:00:00:00:01", o -> o.put(DhcpOption.RELAY_AGENT_INFO, info)),
                "198.51.100.1");
        DhcpReply offer = answer(r, new DhcpRequest(discover, "br0", LINK, 67, Ipv4.parse("198.51.100.1"), 67));
        assertThat(offer.message().options().bytes(DhcpOption.RELAY_AGENT_INFO)).isEmpty();
        assertThat(offer.message().yiaddr().getHostAddress()).isEqualTo("198.51.100.10"); // giaddr's subnet
        assertThat(DhcpCodec.encode(offer.message(), offer.maxSize())).hasSizeLessThanOrEqualTo(576);
    }

    /**
     * Fuzzing finding: a PXE client's DISCOVER carrying a 252-octet option 82 of its own; echoed,
     * it crowded the boot options past 576 bytes. The offer leaves it out and fits.
     */
    @Test
    void anAnswerThatWouldNotFitLeavesOutTheEchoedOption82() throws Exception {
        byte[] datagram;
        try (var in = getClass().getResourceAsStream(
                "/lobos/server/ServerFuzzTestInputs/dhcpAnswer/finding-pxe-reply-with-echoed-option-82-past-576-bytes")) {
            datagram = in.readAllBytes();
        }
        DhcpMessage discover = DhcpCodec.decode(datagram);
        assertThat(discover.options().bytes(DhcpOption.RELAY_AGENT_INFO).orElseThrow()).hasSize(252);
        DhcpResponder r = responder(DhcpSettings.Mode.AUTHORITATIVE, true);
        DhcpReply offer = answer(r, on67(discover));
        assertThat(offer.message().options().has(DhcpOption.RELAY_AGENT_INFO)).isFalse();
        assertThat(DhcpCodec.encode(offer.message(), offer.maxSize())).hasSizeLessThanOrEqualTo(offer.maxSize());
        assertThat(log).anyMatch(l -> l.contains("leaves out the relay agent option"));
    }

    static DhcpMessage relayed(DhcpMessage m, String giaddr) {
        return new DhcpMessage(m.op(), 1, 6, 1, m.xid(), 0, 0, null, null, null, Ipv4.address(Ipv4.parse(giaddr)), m.chaddr(), "", "",
                m.options());
    }

    @Test
    void proxyDhcpAnswersOnlyBootClientsWithoutAnAddressOn67And4011() {
        DhcpResponder r = responder(DhcpSettings.Mode.PROXY, true);
        UUID uuid = UUID.fromString("4c4c4544-0033-4810-8039-b4c04f4a3132");
        DhcpMessage discover = message(MessageType.DISCOVER, "52:54:00:00:00:01", o -> {
            pxe(o, 0);
            o.put(DhcpOption.CLIENT_MACHINE_ID, DhcpValues.machineId(uuid));
        });
        DhcpReply offer = answer(r, on67(discover));
        DhcpMessage m = offer.message();
        assertThat(m.type()).isEqualTo(MessageType.OFFER);
        assertThat(m.yiaddr().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(m.siaddr().getHostAddress()).isEqualTo("192.0.2.1");
        assertThat(m.file()).isEqualTo("undionly.kpxe");
        assertThat(m.options().string(DhcpOption.VENDOR_CLASS)).contains("PXEClient");
        assertThat(m.options().bytes(DhcpOption.VENDOR_SPECIFIC)).hasValue(new byte[] {6, 1, 8, (byte) 255});
        assertThat(m.options().bytes(DhcpOption.CLIENT_MACHINE_ID)).hasValue(DhcpValues.machineId(uuid));
        assertThat(m.options().has(DhcpOption.LEASE_TIME)).isFalse();
        assertThat(offer.to()).isEqualTo(DhcpReply.BROADCAST);
        // the PXE client's request on port 4011, from the address the other server gave it
        DhcpMessage request = message(MessageType.REQUEST, "52:54:00:00:00:01", o -> pxe(o, 0));
        DhcpReply ack = answer(r, new DhcpRequest(request, "br0", LINK, 4011, Ipv4.parse("192.0.2.150"), 4011));
        assertThat(ack.message().type()).isEqualTo(MessageType.ACK);
        assertThat(ack.to()).isEqualTo(Ipv4.parse("192.0.2.150"));
        assertThat(ack.port()).isEqualTo(4011);
        assertThat(ack.message().yiaddr().getHostAddress()).isEqualTo("0.0.0.0");
        // a plain client, the lobos loader and a REQUEST on 67 are the other server's
        assertThat(r.answer(on67(message(MessageType.DISCOVER, "52:54:00:00:00:02", o -> {})))).isEmpty();
        assertThat(r.answer(on67(message(MessageType.DISCOVER, "52:54:00:00:00:03", o -> o.put(DhcpOption.USER_CLASS,
                DhcpValues.userClass(List.of("lobos"))))))).isEmpty();
        assertThat(r.answer(on67(request))).isEmpty();
        assertThat(pool.all()).isEmpty();
        assertThat(events).containsExactly("boot 52:54:00:00:00:01 pxe-bios undionly.kpxe", "boot 52:54:00:00:00:01 pxe-bios undionly.kpxe");
    }

    @Test
    void bootpOnlyForReservedClients() {
        DhcpResponder r = responder(DhcpSettings.Mode.AUTHORITATIVE, true);
        DhcpReply reply = answer(r, on67(message(null, MAC, o -> {})));
        assertThat(reply.message().type()).isNull();
        assertThat(reply.message().yiaddr().getHostAddress()).isEqualTo("192.0.2.77");
        assertThat(reply.message().options().has(DhcpOption.LEASE_TIME)).isFalse();
        assertThat(r.answer(on67(message(null, "52:54:00:00:00:01", o -> {})))).isEmpty();
        assertThat(log).contains("ignored a BOOTP request from 52:54:00:00:00:01: BOOTP clients need an address reserved in the node file");
    }

    @Test
    void releaseDeclineAndInform() {
        DhcpResponder r = responder(DhcpSettings.Mode.AUTHORITATIVE, true);
        String a = "52:54:00:00:00:01";
        DhcpReply offer = answer(r, on67(message(MessageType.DISCOVER, a, o -> {})));
        var address = offer.message().yiaddr();
        answer(r, on67(message(MessageType.REQUEST, a, o -> o.address(DhcpOption.REQUESTED_ADDRESS, address))));
        assertThat(r.answer(on67(message(MessageType.DECLINE, a, o -> o.address(DhcpOption.SERVER_ID, Ipv4.address(SERVER))
                .address(DhcpOption.REQUESTED_ADDRESS, address))))).isEmpty();
        assertThat(pool.at(Ipv4.of(address)).orElseThrow().state()).isEqualTo(Lease.State.DECLINED);
        DhcpMessage inform = message(MessageType.INFORM, a, o -> {});
        inform = new DhcpMessage(inform.op(), 1, 6, 0, 9, 0, 0, Ipv4.address(Ipv4.parse("192.0.2.160")), null, null, null, inform.chaddr(),
                "", "", inform.options());
        DhcpReply ack = answer(r, new DhcpRequest(inform, "br0", LINK, 67, Ipv4.parse("192.0.2.160"), 68));
        assertThat(ack.message().yiaddr().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(ack.message().options().has(DhcpOption.LEASE_TIME)).isFalse();
        assertThat(ack.to()).isEqualTo(Ipv4.parse("192.0.2.160"));
    }

    @Test
    void nonEthernetAndRepliesAreIgnored() {
        DhcpResponder r = responder(DhcpSettings.Mode.AUTHORITATIVE, true);
        DhcpMessage m = message(MessageType.DISCOVER, "52:54:00:00:00:01", o -> {});
        assertThat(r.answer(on67(new DhcpMessage(m.op(), 6, 6, 0, 1, 0, 0, null, null, null, null, m.chaddr(), "", "", m.options())))).isEmpty();
        assertThat(r.answer(on67(new DhcpMessage(DhcpMessage.BOOTREPLY, 1, 6, 0, 1, 0, 0, null, null, null, null, m.chaddr(), "", "",
                m.options())))).isEmpty();
        assertThat(log).containsExactly("ignored a request with hardware type 6 and length 6 on br0: only Ethernet clients are served");
    }

    @Test
    void aLongBootFileGoesInOption67Only() {
        var boot = new DhcpSettings.Boot("http://" + "m".repeat(120) + ":8080", 8080, Map.of(), Map.of());
        DhcpResponder r = new DhcpResponder(new DhcpSettings(DhcpSettings.Mode.AUTHORITATIVE, List.of(LAN), clients(true), boot), pool,
                DhcpEvents.NONE, log::add);
        DhcpMessage m = answer(r, on67(message(MessageType.DISCOVER, "52:54:00:00:00:01", o -> o.string(DhcpOption.USER_CLASS, "iPXE"))))
                .message();
        assertThat(m.file()).isEmpty();
        assertThat(m.options().string(DhcpOption.BOOTFILE_NAME).orElseThrow()).startsWith("http://mmm").endsWith("/v1/ipxe?mac=52%3A54%3A00%3A00%3A00%3A01");
        assertThat(new String(m.options().bytes(DhcpOption.BOOTFILE_NAME).orElseThrow(), StandardCharsets.UTF_8).length()).isGreaterThan(128);
    }
}
