package lobos.server.dhcp;

import java.util.List;

/**
 * A subnet the DHCP server hands out addresses in, with what every client in it is told.
 *
 * @param network      the network address (host bits zero)
 * @param prefix       its length, 8..30
 * @param ranges       the dynamic pools, each inside the subnet
 * @param routers      option 3
 * @param dns          option 6
 * @param domain       option 15, or null
 * @param mtu          option 26, 0 for none
 * @param ntp          option 42
 * @param leaseSeconds option 51 for leases in this subnet
 */
public record Subnet(int network, int prefix, List<Range> ranges, List<Integer> routers, List<Integer> dns, String domain,
        int mtu, List<Integer> ntp, long leaseSeconds) {

    /** first..last inclusive. */
    public record Range(int first, int last) {
        public Range {
            if (Ipv4.compare(first, last) > 0) {
                throw new IllegalArgumentException("range " + Ipv4.text(first) + " - " + Ipv4.text(last) + " ends before it starts");
            }
        }

        public boolean contains(int a) {
            return Ipv4.compare(a, first) >= 0 && Ipv4.compare(a, last) <= 0;
        }

        public long size() {
            return Integer.toUnsignedLong(last) - Integer.toUnsignedLong(first) + 1;
        }

        @Override
        public String toString() {
            return Ipv4.text(first) + "-" + Ipv4.text(last);
        }
    }

    public Subnet {
        if (prefix < 1 || prefix > 31) throw new IllegalArgumentException("prefix /" + prefix + " must be 1..31");
        if ((network & ~Ipv4.mask(prefix)) != 0) {
            throw new IllegalArgumentException(Ipv4.text(network) + "/" + prefix + " has host bits set; the network is "
                    + Ipv4.text(network & Ipv4.mask(prefix)) + "/" + prefix);
        }
        ranges = List.copyOf(ranges);
        routers = List.copyOf(routers);
        dns = List.copyOf(dns);
        ntp = List.copyOf(ntp);
        int mask = Ipv4.mask(prefix);
        for (Range r : ranges) { // the fields are not set yet in a compact constructor: compare with the parameters
            if ((r.first() & mask) != network || (r.last() & mask) != network) {
                throw new IllegalArgumentException("range " + r + " is not inside " + Ipv4.text(network) + "/" + prefix);
            }
        }
    }

    public boolean contains(int address) {
        return (address & Ipv4.mask(prefix)) == network;
    }

    /** An address in a dynamic range (not the network or broadcast address). */
    public boolean inRange(int address) {
        if (address == network || address == broadcast()) return false;
        for (Range r : ranges) {
            if (r.contains(address)) return true;
        }
        return false;
    }

    public int broadcast() {
        return network | ~Ipv4.mask(prefix);
    }

    public int mask() {
        return Ipv4.mask(prefix);
    }

    @Override
    public String toString() {
        return Ipv4.text(network) + "/" + prefix;
    }
}
