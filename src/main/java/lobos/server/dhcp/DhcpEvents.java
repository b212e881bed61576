package lobos.server.dhcp;

/** What the DHCP server tells the rest of the manager (the node inventory and its events). */
public interface DhcpEvents {
    /** An ACK went out: {@code lease} is stored. */
    void bound(Lease lease, String uuid, BootClient client, String bootFile);

    /** Boot information went out without an address (proxyDHCP). */
    void bootInformation(String mac, String uuid, BootClient client, String bootFile);

    DhcpEvents NONE = new DhcpEvents() {
        @Override
        public void bound(Lease lease, String uuid, BootClient client, String bootFile) {}

        @Override
        public void bootInformation(String mac, String uuid, BootClient client, String bootFile) {}
    };
}
