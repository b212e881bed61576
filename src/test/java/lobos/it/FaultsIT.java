package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import lobos.TestRelay;
import lobos.build.Qemu;
import lobos.fetch.Nginx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Issue 8, faults end to end in the loader: it downloads its target kernel over HTTP from nginx
 * through a relay on 127.0.0.1 that delays every piece by 50 ms each way (the guest reaches it
 * through a guestfwd), and nginx is killed with SIGKILL part way through the download and started
 * again three seconds later. The loader's fetch retries, resumes with Range, and the boot
 * completes. The machine has 512 MiB, so the loader's JVM has the 128 MiB heap it gets there.
 */
class FaultsIT {
    /**
     * A guestfwd from {@code guest} (address:port) to 127.0.0.1:{@code port} that carries every
     * connection the guest makes. The usual form, {@code -tcp:127.0.0.1:PORT}, is a character
     * device QEMU connects once: after the server restarts or closes that connection (lobos's
     * HTTP client asks for {@code Connection: close}, a connection per request), the guest's new
     * connections would go nowhere. {@code cmd:} starts a program per connection: busybox's nc
     * (busybox-static is a test package already).
     */
    static String forward(String guest, int port) {
        return "guestfwd=tcp:" + guest + "-cmd:/bin/busybox nc 127.0.0.1 " + port;
    }

    interface Step {
        void run() throws Exception;
    }

    /** Kills the server, notes how far the download had come, and starts it again 3 s later. */
    static Runnable crash(TestRelay.Tcp relay, List<String> events, Step kill, Step restart) {
        return () -> {
            try {
                kill.run();
                events.add("killed at " + relay.fromServer());
                Thread.sleep(3000);
                restart.run();
                events.add("restarted");
            } catch (Exception e) {
                events.add("failed: " + e);
            }
        };
    }

    @Test
    void kernelOverHttpWhileTheServerIsKilledAndRestarted(TestInfo test) throws Exception {
        Nginx.assumeAvailable();
        Path root = Files.createDirectories(TestImages.DIR.resolve("faults-www"));
        Files.copy(TestImages.loader().kernel(), root.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        long size = Files.size(root.resolve("vmlinuz"));
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String server = "server { listen 127.0.0.1:%d; root %s; limit_rate 1m; }".formatted(port, root.toAbsolutePath());
        Nginx[] nginx = {Nginx.start(TestImages.DIR.resolve("faults-nginx").toAbsolutePath(), server, "127.0.0.1", List.of(port))};
        List<String> events = new CopyOnWriteArrayList<>();
        try (var relay = TestRelay.Tcp.delaying(port, Duration.ofMillis(50))) {
            relay.whenPassed(size / 3, crash(relay, events, () -> nginx[0].kill(), () -> nginx[0] = nginx[0].restart()));
            try (Qemu qemu = TestImages.boot(test, """
                    default=web
                    delay=0
                    web="http://10.0.2.100:8080/vmlinuz initrd=//boot/probe.gz console=ttyS0 panic=-1 quiet lobos.test=faults"
                    """, "ip=dhcp", List.of("-netdev", "user,id=n0,restrict=on," + forward("10.0.2.100:8080", relay.port()),
                    "-device", "virtio-net-pci,netdev=n0"), 512)) {
                String report = TestImages.probeReport(qemu);
                assertThat(report).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=faults\n", "probe: file /bin/busybox\n");
                assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
                String loader = qemu.output();
                assertThat(loader).contains("trying again");
            }
            assertThat(events).hasSize(2).last().isEqualTo("restarted");
            assertThat(events.getFirst()).startsWith("killed at ");
            // after the restart the loader asked for the rest of the file, not all of it again
            assertThat(nginx[0].requests()).anyMatch(l -> l.matches("GET /vmlinuz 206 \"bytes=[1-9]\\d*-\" .*"));
        } finally {
            nginx[0].close();
        }
    }

    /**
     * The same for NFS: the loader reads its kernel from nfs-ganesha (NFSv4, through the relay),
     * ganesha is killed at a third of the file and restarted 3 s later; the kernel's NFS client
     * (mounted soft, timeo=100, retrans=2 by lobos) reconnects, opens the file again and reads
     * on, and the boot completes.
     */
    @Test
    void kernelOverNfsWhileTheServerIsKilledAndRestarted(TestInfo test) throws Exception {
        Path export = Files.createDirectories(TestImages.DIR.resolve("faults-nfs-export/boot"));
        Files.copy(TestImages.loader().kernel(), export.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        long size = Files.size(export.resolve("vmlinuz"));
        NfsServer[] nfs = {NfsServer.start(export.getParent(), TestImages.DIR.resolve("faults-nfs-server"))};
        List<String> events = new CopyOnWriteArrayList<>();
        try (var relay = TestRelay.Tcp.delaying(nfs[0].port, Duration.ofMillis(50))) {
            relay.whenPassed(size / 3, crash(relay, events, () -> nfs[0].kill(), () -> nfs[0] = nfs[0].restart()));
            try (Qemu qemu = TestImages.boot(test, """
                    default=nfs
                    delay=0
                    nfs="10.0.2.100:/export/boot/vmlinuz initrd=//boot/probe.gz console=ttyS0 panic=-1 quiet lobos.test=nfs-faults"
                    """, "ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off",
                    List.of("-netdev", "user,id=n0,restrict=on," + forward("10.0.2.100:2049", relay.port()),
                            "-device", "virtio-net-pci,netdev=n0"), 1024)) {
                String report = TestImages.probeReport(qemu);
                assertThat(report).contains("probe: cmdline console=ttyS0 panic=-1 quiet lobos.test=nfs-faults\n");
                assertThat(qemu.awaitExit(TestImages.BOOT)).isZero();
                assertThat(qemu.output()).contains("mounted 10.0.2.100:/export/boot on /run/lobos/nfs/10.0.2.100/export/boot");
            }
            assertThat(events).hasSize(2).last().isEqualTo("restarted");
        } finally {
            nfs[0].close();
        }
    }
}
