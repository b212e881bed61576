package lobos.net;

/**
 * A network interface as sysfs shows it (/sys/class/net/NAME).
 *
 * @param mac      aa:bb:cc:dd:ee:ff, or "" for none
 * @param driver   the bound driver's name (virtio_net, e1000e), or null when the device has none
 * @param carrier  whether the link is up at the physical layer (only known while the interface is up)
 * @param speed    Mb/s, or -1 when unknown
 * @param type     ARP hardware type (1 Ethernet, 772 loopback)
 * @param modalias the device's modalias (to load its driver), or null
 */
public record NetLink(String name, String mac, String driver, boolean up, boolean carrier, int speed,
        String operstate, int type, String modalias) {
    public static final int ETHERNET = 1;

    /** Whether DHCP can run on it: Ethernet, not loopback. */
    public boolean dhcpCapable() {
        return type == ETHERNET && !mac.isEmpty() && !mac.equals("00:00:00:00:00:00");
    }

    public byte[] macBytes() {
        return java.util.HexFormat.ofDelimiter(":").parseHex(mac);
    }
}
