package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lobos.path.Location;
import lobos.path.PathParser;
import lobos.path.Scheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FtpFetcher against Debian's vsftpd on 127.0.0.1 and ::1 (anonymous, read-only). */
class FtpVsftpdTest {
    static final long BIG = 8L << 20;

    @TempDir
    static Path work;

    @TempDir
    Path dir;

    static Path root;
    static Vsftpd vsftpd;
    static Vsftpd vsftpd6;

    final FtpFetcher ftp = new FtpFetcher();
    final FetchOptions options = new FetchOptions(Duration.ofSeconds(10), 3, false, null, null);
    final List<Long> sleeps = new ArrayList<>();
    final Fetcher fetcher = new Fetcher(List.of(ftp), options, sleeps::add);

    @BeforeAll
    static void start() throws Exception {
        Vsftpd.assumeAvailable();
        root = Files.createDirectories(work.resolve("root"));
        Files.write(root.resolve("empty"), new byte[0]);
        Files.write(root.resolve("small"), Servers.random(10_000, 31));
        Servers.writeRandom(root.resolve("big"), BIG, 32);
        Path pub = Files.createDirectories(root.resolve("pub"));
        Files.write(pub.resolve("vmlinuz"), new byte[10]);
        Files.write(pub.resolve("a b.cfg"), new byte[10]);
        Files.createDirectories(pub.resolve("efi"));
        Files.createDirectories(pub.resolve("boot loader"));
        vsftpd = Vsftpd.start(work.resolve("v4"), root, "127.0.0.1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (vsftpd != null) vsftpd.close();
        if (vsftpd6 != null) vsftpd6.close();
    }

    static Location.Url url(String path) {
        return url(null, null, path);
    }

    static Location.Url url(String user, String password, String path) {
        return new Location.Url(Scheme.FTP, user, password, "127.0.0.1", vsftpd.port, path, null);
    }

    void get(Location.Url url, Path file, Progress progress) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ftp.fetch(url, new Sink(channel, Long.MAX_VALUE), options, progress);
        }
    }

    @Test
    void anonymousGetOfEmptySmallAndLargeFiles() throws Exception {
        for (String name : List.of("empty", "small", "big")) {
            var progress = new RecordingProgress();
            get(url("/" + name), dir.resolve(name), progress);
            assertThat(Servers.sha256sum(dir.resolve(name))).as(name).isEqualTo(Servers.sha256sum(root.resolve(name)));
            assertThat(progress.starts).containsExactly(new RecordingProgress.Start(url("/" + name).text(), Files.size(root.resolve(name))));
            assertThat(progress.ends).containsExactly(true);
        }
        assertThat(vsftpd.log()).anyMatch(l -> l.endsWith("\"USER anonymous\""))
                .anyMatch(l -> l.endsWith("\"TYPE I\""))
                .anyMatch(l -> l.endsWith("\"PASV\""))
                .anyMatch(l -> l.endsWith("\"SIZE big\""));
    }

    @Test
    void userAndPasswordFromTheUrl() throws Exception {
        var parsed = (Location.Url) PathParser.parse("ftp://anonymous:guest%40example.org@127.0.0.1:" + vsftpd.port + "/small")
                .readings().getFirst();
        get(parsed, dir.resolve("got"), Progress.NONE);
        assertThat(dir.resolve("got")).hasSameBinaryContentAs(root.resolve("small"));
        assertThat(vsftpd.log()).anyMatch(l -> l.contains("OK LOGIN: Client \"127.0.0.1\", anon password \"guest@example.org\""));
    }

    @Test
    void refusedLoginIsNotRetried() {
        var e = catchThrowableOfType(FetchException.class,
                () -> fetcher.download(url("bob", "s3cret", "/small"), null, dir.resolve("x"), Long.MAX_VALUE, Progress.NONE));
        assertThat(e).hasMessage("the FTP server 127.0.0.1:" + vsftpd.port + " refused the login as bob (530 This FTP server is anonymous only.)");
        assertThat(e.transient_()).isFalse();
        assertThat(e.getMessage() + e.hint()).doesNotContain("s3cret");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void missingFileIsNotFound() {
        var e = catchThrowableOfType(FetchException.class,
                () -> fetcher.download(url("/pub/nothing"), null, dir.resolve("x"), Long.MAX_VALUE, Progress.NONE));
        assertThat(e).isInstanceOf(NotFoundException.class)
                .hasMessage(url("/pub/nothing").text() + " does not exist on the FTP server (550 Could not get file size.)");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void interruptedDownloadResumesWithRest() throws Exception {
        // the first attempt fails after a MiB, as a dropped connection would
        var progress = new RecordingProgress() {
            boolean interrupted;

            @Override
            public void update(long bytes) {
                super.update(bytes);
                if (bytes >= 1 << 20 && !interrupted) {
                    interrupted = true;
                    throw new FetchException("test: connection lost", null, true);
                }
            }
        };
        fetcher.download(url("/big"), null, dir.resolve("big"), Long.MAX_VALUE, progress);
        assertThat(Servers.sha256sum(dir.resolve("big"))).isEqualTo(Servers.sha256sum(root.resolve("big")));
        assertThat(sleeps).containsExactly(1000L);
        assertThat(progress.ends).containsExactly(false, true);
        long restarted = progress.firstUpdateAfterStart;
        assertThat(restarted).isGreaterThanOrEqualTo(1 << 20).isLessThan(BIG);
        assertThat(vsftpd.log()).anyMatch(l -> l.endsWith("\"REST " + restarted + "\""));
    }

    @Test
    void partOfAnotherVersionIsFetchedAgain() throws Exception {
        Path file = dir.resolve("small");
        Files.write(file, new byte[4000]);
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            var sink = new Sink(channel, Long.MAX_VALUE);
            sink.version("10000 20000101000000"); // same size, another time
            ftp.fetch(url("/small"), sink, options, Progress.NONE);
        }
        assertThat(file).hasSameBinaryContentAs(root.resolve("small"));
    }

    @Test
    void listsDirectories() throws Exception {
        List<String> expected;
        try (Stream<Path> entries = Files.list(root.resolve("pub"))) {
            expected = entries.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).toList();
        }
        assertThat(ftp.list(url("/pub/"), options)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ftp.list(url("/pub"), options)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ftp.list(url("/"), options)).contains("pub/", "small", "big");
        assertThat(catchThrowableOfType(NotFoundException.class, () -> ftp.list(url("/nothing/"), options)))
                .hasMessageStartingWith(url("/nothing/").text() + " does not exist on the FTP server");
    }

    @Test
    void ipv6UsesEpsv() throws Exception {
        if (vsftpd6 == null) {
            org.junit.jupiter.api.Assumptions.assumeTrue(java.net.NetworkInterface.getByName("lo").inetAddresses()
                    .anyMatch(a -> a instanceof java.net.Inet6Address), "no ::1 here");
            vsftpd6 = Vsftpd.start(work.resolve("v6"), root, "::1");
        }
        var url = new Location.Url(Scheme.FTP, null, null, "::1", vsftpd6.port, "/small", null);
        get(url, dir.resolve("got"), Progress.NONE);
        assertThat(dir.resolve("got")).hasSameBinaryContentAs(root.resolve("small"));
        assertThat(vsftpd6.log()).anyMatch(l -> l.endsWith("\"EPSV\""));
    }

    @Test
    void silentServerTimesOut() throws Exception {
        try (var silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var s = silent.accept()) {
                    Thread.sleep(5000);
                } catch (IOException | InterruptedException e) {
                    // done
                }
            });
            var url = new Location.Url(Scheme.FTP, null, null, "127.0.0.1", silent.getLocalPort(), "/x", null);
            var quick = new FetchOptions(Duration.ofSeconds(1), 0, false, null, null);
            var e = catchThrowableOfType(FetchException.class, () -> ftp.list(url, quick));
            assertThat(e).hasMessage("no answer from 127.0.0.1:" + silent.getLocalPort() + " in 1 s");
            assertThat(e.transient_()).isTrue();
        }
    }

    @Test
    void refusedConnectionIsTransient() throws Exception {
        int closed = Servers.freePort();
        var url = new Location.Url(Scheme.FTP, null, null, "127.0.0.1", closed, "/x", null);
        var e = catchThrowableOfType(FetchException.class, () -> ftp.list(url, options));
        assertThat(e).hasMessage("127.0.0.1:" + closed + " refused the connection");
        assertThat(e.transient_()).isTrue();
    }
}
