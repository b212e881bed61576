package lobos.linux;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A network control that only records what it is told (as text, in order) and answers
 * queries from what the test put in; host tests and dry runs use it.
 */
public final class RecordingNetworkControl implements NetworkControl {
    public final List<String> calls = new ArrayList<>();
    public final List<LinkState> links = new ArrayList<>();
    public final List<LinkAddress> addresses = new ArrayList<>();
    public final List<Route> routes = new ArrayList<>();

    @Override
    public List<LinkState> links() {
        return List.copyOf(links);
    }

    @Override
    public List<LinkAddress> addresses() {
        return List.copyOf(addresses);
    }

    @Override
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void up(String link) {
        calls.add("up " + link);
    }

    @Override
    public void mtu(String link, int mtu) {
        calls.add("mtu " + link + " " + mtu);
    }

    @Override
    public void addAddress(String link, InetAddress address, int prefix, long validSeconds) {
        calls.add("address add " + link + " " + address.getHostAddress() + "/" + prefix
                + (validSeconds > 0 ? " valid " + validSeconds : ""));
    }

    @Override
    public void removeAddress(String link, InetAddress address, int prefix) {
        calls.add("address del " + link + " " + address.getHostAddress() + "/" + prefix);
    }

    @Override
    public void addRoute(String link, InetAddress destination, int prefix, InetAddress gateway, int metric) {
        calls.add("route add " + link + " " + (destination == null ? "default" : destination.getHostAddress() + "/" + prefix)
                + (gateway == null ? "" : " via " + gateway.getHostAddress()) + (metric == 0 ? "" : " metric " + metric));
    }
}
