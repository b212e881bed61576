import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import lobos.TestRelay;

/**
 * A UDP relay in front of a TFTP server that delays every datagram by ONE_WAY_MICROS each way
 * (the tests' TestRelay.Udp with no loss), for bench/tftp-rtt.sh: this kernel has no netem.
 * Prints the port clients send to, then relays until it is killed.
 * Run: java -cp target/test-classes bench/tftp/DelayRelay.java SERVER_PORT ONE_WAY_MICROS
 */
public class DelayRelay {
    public static void main(String[] args) throws Exception {
        var server = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
        var relay = new TestRelay.Udp(server, 1, 0, 0, 0, Duration.ofNanos(Long.parseLong(args[1]) * 1000));
        System.out.println(relay.address().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
