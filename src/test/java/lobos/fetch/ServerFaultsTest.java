package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import lobos.TestRelay;
import lobos.path.Location;
import lobos.path.Scheme;
import lobos.tftp.InTftpd;
import lobos.tftp.RootDirectory;
import lobos.tftp.TftpServer;
import lobos.tftp.TftpServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, faults end to end: real servers (nginx, lobos's TFTP server, tftpd-hpa, OpenSSH)
 * killed with SIGKILL part way through a download and started again on the same port a moment
 * later; and a path with 50 ms of delay each way (and, for TFTP, 5% of the datagrams lost), made
 * by {@link TestRelay}. The download goes through {@link Fetcher}, as the loader's does: it
 * retries, resumes where the protocol can (HTTP Range, SFTP offsets; TFTP starts over), and the
 * file must arrive byte-identical.
 */
class ServerFaultsTest {
    @TempDir
    Path dir;

    /** What a fetch reports, and a crash of the server once {@code at} bytes have come. */
    private static final class CrashAt implements Progress {
        interface Action {
            void run() throws Exception;
        }

        final long at;
        final Action crash;
        final Action restart;
        final Duration down;
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        volatile Thread restarter;
        private boolean crashed;
        private long firstUpdate = -1;

        CrashAt(long at, Duration down, Action crash, Action restart) {
            this.at = at;
            this.down = down;
            this.crash = crash;
            this.restart = restart;
        }

        @Override
        public void start(String what, long total) {
            firstUpdate = -1;
        }

        @Override
        public void update(long bytes) {
            if (firstUpdate < 0) {
                firstUpdate = bytes;
                events.add("from " + bytes);
            }
            if (crashed || bytes < at) return;
            crashed = true;
            events.add("crash at " + bytes);
            try {
                crash.run(); // on the fetching thread: nothing more is read until the server is dead
            } catch (Exception e) {
                failures.add(e);
            }
            restarter = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(down);
                    restart.run();
                } catch (Exception e) {
                    failures.add(e);
                }
            });
        }

        @Override
        public void end(boolean ok) {
            events.add("end " + ok);
        }

        /** Where the first attempt after the crash began. */
        long resumedFrom() {
            return events.stream().filter(e -> e.startsWith("from ")).skip(1)
                    .mapToLong(e -> Long.parseLong(e.substring(5))).findFirst().orElseThrow();
        }

        void joined() throws InterruptedException {
            if (restarter != null) restarter.join();
            assertThat(failures).isEmpty();
        }
    }

    /** Patient enough to outlast a restart: a short idle timeout, retries 1, 2, 4, 8 s apart. */
    private static Fetcher fetcher(RemoteFetcher protocol, Duration timeout, Path sshDir) {
        return new Fetcher(List.of(protocol), new FetchOptions(timeout, 5, false, null, sshDir, Duration.ofMinutes(2)));
    }

    private static Location.Url url(Scheme scheme, int port, String path) {
        return new Location.Url(scheme, null, null, "127.0.0.1", port, path, null);
    }

    private static void assertSameFile(Path got, Path expected) throws Exception {
        assertThat(Files.size(got)).isEqualTo(Files.size(expected));
        assertThat(Files.mismatch(got, expected)).as("first differing byte").isEqualTo(-1L);
    }

    private static final String NGINX_SERVER = """
            server {
                listen 127.0.0.1:%1$d;
                root %2$s;
                location /slow/ { limit_rate 8m; }
            }
            """;

    /** nginx serving {@code root} on {@code port}, /slow/ at 8 MiB/s. */
    private Nginx nginx(Path root, int port) throws Exception {
        Nginx.assumeAvailable();
        return Nginx.start(dir.resolve("nginx"), NGINX_SERVER.formatted(port, root), "127.0.0.1", List.of(port));
    }

    @Test
    void httpServerKilledAndRestartedMidTransferResumesWithRange() throws Exception {
        Path root = Files.createDirectories(dir.resolve("www/slow"));
        Path file = Servers.writeRandom(root.resolve("vmlinuz"), 16 << 20, 21);
        int port = Servers.freePort();
        Nginx[] nginx = {nginx(root.getParent(), port)};
        try {
            var crash = new CrashAt(4 << 20, Duration.ofMillis(1500), () -> nginx[0].kill(), () -> nginx[0] = nginx[0].restart());
            fetcher(new HttpFetcher(), Duration.ofSeconds(5), null)
                    .download(url(Scheme.HTTP, port, "/slow/vmlinuz"), null, dir.resolve("got"), Long.MAX_VALUE, crash);
            crash.joined();
            assertSameFile(dir.resolve("got"), file);
            assertThat(crash.events.getFirst()).isEqualTo("from 0");
            // the attempt after the restart asked for the rest: it began past the crash point
            long resumedFrom = crash.resumedFrom();
            assertThat(resumedFrom).isGreaterThanOrEqualTo(4 << 20);
            assertThat(nginx[0].requests()).anyMatch(l -> l.startsWith("GET /slow/vmlinuz 206 \"bytes=" + resumedFrom + "-\""));
        } finally {
            nginx[0].close();
        }
    }

    @Test
    void lobosTftpServerKilledAndRestartedMidTransferStartsOver() throws Exception {
        Path root = Files.createDirectories(dir.resolve("tftp"));
        Path file = Servers.writeRandom(root.resolve("vmlinuz"), 4 << 20, 22);
        var config = TftpServerConfig.on(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        TftpServer[] server = {TftpServer.start(config, new RootDirectory(root))};
        var sameAddress = TftpServerConfig.on(server[0].address());
        try {
            var crash = new CrashAt(1 << 20, Duration.ofSeconds(1), () -> server[0].close(),
                    () -> server[0] = TftpServer.start(sameAddress, new RootDirectory(root)));
            fetcher(new TftpFetcher(), Duration.ofSeconds(3), null)
                    .download(url(Scheme.TFTP, server[0].address().getPort(), "/vmlinuz"), null, dir.resolve("got"), Long.MAX_VALUE, crash);
            crash.joined();
            assertSameFile(dir.resolve("got"), file);
            // TFTP cannot resume: both attempts began at the start (the first report comes after a window)
            assertThat(crash.events).contains("end false").filteredOn(e -> e.startsWith("from ")).hasSize(2)
                    .allSatisfy(e -> assertThat(Long.parseLong(e.substring(5))).isLessThan(1 << 20));
        } finally {
            server[0].close();
        }
    }

    @Test
    void tftpdHpaKilledAndRestartedMidTransferStartsOver() throws Exception {
        InTftpd.assumeAvailable();
        Path root = Files.createDirectories(dir.resolve("tftp"));
        Path file = Servers.writeRandom(root.resolve("vmlinuz"), 4 << 20, 23);
        InTftpd[] server = {InTftpd.start(root)};
        int port = server[0].address().getPort();
        try {
            var crash = new CrashAt(1 << 20, Duration.ofSeconds(1), () -> server[0].kill(),
                    () -> server[0] = InTftpd.startOn(root, port));
            fetcher(new TftpFetcher(), Duration.ofSeconds(3), null)
                    .download(url(Scheme.TFTP, port, "/vmlinuz"), null, dir.resolve("got"), Long.MAX_VALUE, crash);
            crash.joined();
            assertSameFile(dir.resolve("got"), file);
            assertThat(crash.events).contains("end false");
        } finally {
            server[0].close();
        }
    }

    /** An OpenSSH server with an ed25519 key for root that the client knows; files under {@code dir/files}. */
    private record Ssh(OpenSshd sshd, Path clientDir) {}

    private Ssh ssh() throws Exception {
        OpenSshd.assumeAvailable();
        OpenSshd sshd = OpenSshd.start(Files.createDirectories(dir.resolve("sshd")));
        Path client = Files.createDirectories(dir.resolve("client"));
        OpenSshd.keygen("-t", "ed25519", "-f", client.resolve("id_ed25519").toString());
        sshd.authorize(client.resolve("id_ed25519"));
        Files.writeString(client.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
        return new Ssh(sshd, client);
    }

    @Test
    void sshServerKilledAndRestartedMidTransferResumesAtTheOffset() throws Exception {
        Ssh ssh = ssh();
        OpenSshd[] sshd = {ssh.sshd()};
        try {
            Path file = Servers.writeRandom(dir.resolve("files/vmlinuz"), 48 << 20, 24);
            var crash = new CrashAt(8 << 20, Duration.ofSeconds(1), () -> sshd[0].kill(), () -> sshd[0] = sshd[0].restart());
            var url = new Location.Url(Scheme.SFTP, "root", null, "127.0.0.1", sshd[0].port(), file.toString(), null);
            fetcher(new SftpFetcher(), Duration.ofSeconds(10), ssh.clientDir()).download(url, null, dir.resolve("got"), Long.MAX_VALUE, crash);
            crash.joined();
            assertSameFile(dir.resolve("got"), file);
            long resumedFrom = crash.resumedFrom();
            assertThat(resumedFrom).as("the next attempt read on from the bytes already there").isGreaterThanOrEqualTo(8 << 20);
        } finally {
            sshd[0].close();
        }
    }

    private static final Duration DELAY = Duration.ofMillis(50);

    @Test
    void httpThroughFiftyMillisecondsOfDelay() throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        Path file = Servers.writeRandom(root.resolve("initrd.img"), 4 << 20, 25);
        int port = Servers.freePort();
        try (Nginx nginx = nginx(root, port);
             var relay = TestRelay.Tcp.delaying(port, DELAY)) {
            fetcher(new HttpFetcher(), Duration.ofSeconds(5), null)
                    .download(url(Scheme.HTTP, relay.port(), "/initrd.img"), null, dir.resolve("got"), Long.MAX_VALUE, Progress.NONE);
            assertSameFile(dir.resolve("got"), file);
            assertThat(relay.connections()).isPositive();
        }
    }

    @Test
    void sftpThroughFiftyMillisecondsOfDelay() throws Exception {
        Ssh ssh = ssh();
        try (OpenSshd sshd = ssh.sshd(); var relay = TestRelay.Tcp.delaying(ssh.sshd().port(), DELAY)) {
            Path file = Servers.writeRandom(dir.resolve("files/initrd.img"), 4 << 20, 26);
            Files.writeString(ssh.clientDir().resolve("known_hosts"),
                    sshd.knownHostsLine().replace("]:" + sshd.port() + " ", "]:" + relay.port() + " ") + "\n");
            var url = new Location.Url(Scheme.SFTP, "root", null, "127.0.0.1", relay.port(), file.toString(), null);
            fetcher(new SftpFetcher(), Duration.ofSeconds(10), ssh.clientDir()).download(url, null, dir.resolve("got"), Long.MAX_VALUE, Progress.NONE);
            assertSameFile(dir.resolve("got"), file);
        }
    }

    // the checksum is given in these two: the UDP relay carries one transfer at a time, so no .sha256 look-up may run beside the file
    @Test
    void lobosTftpThroughFivePercentLossAndFiftyMillisecondsOfDelay() throws Exception {
        Path root = Files.createDirectories(dir.resolve("tftp"));
        Path file = Servers.writeRandom(root.resolve("initrd.img"), 192 << 10, 27);
        var config = TftpServerConfig.on(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (var server = TftpServer.start(config, new RootDirectory(root));
             var relay = new TestRelay.Udp(server.address(), 27, 0.05, 0, 0, DELAY)) {
            fetcher(new TftpFetcher(), Duration.ofSeconds(10), null).download(url(Scheme.TFTP, relay.address().getPort(), "/initrd.img"),
                    new lobos.path.Sha256(Fetcher.sha256(file)), dir.resolve("got"), Long.MAX_VALUE, Progress.NONE);
            assertSameFile(dir.resolve("got"), file);
            assertThat(relay.dropped.get()).as("datagrams were lost").isPositive();
        }
    }

    @Test
    void tftpdHpaThroughFivePercentLossAndFiftyMillisecondsOfDelay() throws Exception {
        Path root = Files.createDirectories(dir.resolve("tftp"));
        Path file = Servers.writeRandom(root.resolve("initrd.img"), 96 << 10, 28);
        // -T: in.tftpd retransmits after 300 ms (microseconds); the round trip is 100 ms
        try (var server = InTftpd.start(root, "-T", "300000");
             var relay = new TestRelay.Udp(server.address(), 28, 0.05, 0, 0, DELAY)) {
            fetcher(new TftpFetcher(), Duration.ofSeconds(10), null).download(url(Scheme.TFTP, relay.address().getPort(), "/initrd.img"),
                    new lobos.path.Sha256(Fetcher.sha256(file)), dir.resolve("got"), Long.MAX_VALUE, Progress.NONE);
            assertSameFile(dir.resolve("got"), file);
            assertThat(relay.dropped.get()).as("datagrams were lost").isPositive();
        }
    }
}
