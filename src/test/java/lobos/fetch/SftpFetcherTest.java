package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import lobos.build.BuildConfig;
import lobos.path.Location;
import lobos.path.Scheme;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SftpFetcher} against MINA's own SSH server in this JVM, for what a real server does
 * not do on demand: drop the connection in the middle of a file, stop answering, deny access.
 * The server logs in with a password; the fetcher checks its host key as always.
 */
class SftpFetcherTest {
    static final String PASSWORD = "s3cret-pw";

    @TempDir
    Path tmp;

    Path root;
    Path sshDir;
    SshServer server;
    /** What the test server does when a client reads; returns normally to serve the read. */
    volatile ReadHook onRead = (session, offset) -> {};
    /** The offset of the first read of each server session, in order. */
    final Map<ServerSession, Long> firstReads = new ConcurrentHashMap<>();

    interface ReadHook {
        void reading(ServerSession session, long offset) throws IOException;
    }

    @BeforeEach
    void startServer() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        sshDir = Files.createDirectories(tmp.resolve("ssh"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair hostKey = generator.generateKeyPair();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, password, session) -> user.equals("boot") && password.equals(PASSWORD));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder()
                .withFileSystemAccessor(new SftpFileSystemAccessor() {
                    @Override
                    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle handle, Path file,
                            String id, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
                        if (file.getFileName().toString().equals("secret")) throw new AccessDeniedException(file.toString());
                        return SftpFileSystemAccessor.super.openFile(subsystem, handle, file, id, options, attrs);
                    }
                })
                .build();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void reading(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                    byte[] data, int dataOffset, int dataLen) throws IOException {
                firstReads.putIfAbsent(session, offset);
                onRead.reading(session, offset);
            }
        });
        server.setSubsystemFactories(List.of(sftp));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
        Files.writeString(sshDir.resolve("known_hosts"),
                "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
    }

    @AfterEach
    void stopServer() throws IOException {
        server.stop(true);
    }

    Location.Url url(String path, String password) {
        return new Location.Url(Scheme.SFTP, "boot", password, "127.0.0.1", server.getPort(), path, null);
    }

    FetchOptions options(Duration timeout, int retries) {
        return new FetchOptions(timeout, retries, false, null, sshDir);
    }

    byte[] serve(String name, int size) throws IOException {
        byte[] content = new byte[size];
        new java.util.Random(size).nextBytes(content);
        Files.write(root.resolve(name), content);
        return content;
    }

    @Test
    void logsInWithTheUrlsPassword() throws Exception {
        byte[] content = serve("kernel", 200_000);
        Path dest = tmp.resolve("kernel");
        new Fetcher(List.of(new SftpFetcher()), options(Duration.ofSeconds(10), 0))
                .download(url("/kernel", PASSWORD), null, dest, Long.MAX_VALUE, Progress.NONE);
        assertThat(Files.readAllBytes(dest)).isEqualTo(content);
    }

    @Test
    void aWrongPasswordIsFinalAndNotPrinted() throws Exception {
        serve("kernel", 10);
        assertThatThrownBy(() -> new Fetcher(List.of(new SftpFetcher()), options(Duration.ofSeconds(10), 3),
                millis -> { throw new AssertionError("an authentication failure must not be retried"); })
                .download(url("/kernel", "wrong-pw"), null, tmp.resolve("k"), Long.MAX_VALUE, Progress.NONE))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.transient_()).isFalse();
                    assertThat(e.getMessage()).contains("refused user boot").doesNotContain("wrong-pw");
                    assertThat(e.hint()).doesNotContain("wrong-pw");
                });
    }

    @Test
    void resumesThroughFetcherRetriesWhenTheServerDropsTheConnection() throws Exception {
        byte[] content = serve("big", 24 << 20);
        // the server drops the connection once the client has written 1 MiB to its sink
        AtomicBoolean received = new AtomicBoolean();
        AtomicBoolean dropped = new AtomicBoolean();
        onRead = (session, offset) -> {
            if (received.get() && dropped.compareAndSet(false, true)) {
                session.close(true); // and serve nothing: an error status would reach the client first
            }
        };
        Progress progress = new Progress() {
            @Override
            public void start(String what, long total) {}

            @Override
            public void update(long bytes) {
                if (bytes >= 1 << 20) received.set(true);
            }

            @Override
            public void end(boolean ok) {}
        };
        long[] slept = {0};
        Path dest = tmp.resolve("big");
        new Fetcher(List.of(new SftpFetcher()), options(Duration.ofSeconds(10), 2), millis -> slept[0] += millis)
                .download(url("/big", PASSWORD), null, dest, Long.MAX_VALUE, progress);
        assertThat(Files.readAllBytes(dest)).isEqualTo(content);
        assertThat(dropped).isTrue();
        assertThat(slept[0]).isEqualTo(1000);
        // the first attempt read from 0, the second went on where the sink ended (the .sha256
        // look-up at the end reads nothing: there is no such file)
        List<Long> starts = List.copyOf(firstReads.values());
        assertThat(starts).hasSize(2).contains(0L);
        assertThat(starts.stream().mapToLong(Long::longValue).max().getAsLong()).isGreaterThanOrEqualTo(1 << 20);
    }

    /**
     * The boot image's Java runtime has only {@link BuildConfig#BASE_JAVA_MODULES}: a JVM limited
     * to them fetches a file, and survives a connection reset in the middle (MINA's error
     * handling touches classes of java.management, its session classes those of java.rmi).
     */
    @Test
    void worksWithOnlyTheJdkModulesOfTheBootImage() throws Exception {
        byte[] content = serve("image", 24 << 20);
        Path dest = tmp.resolve("image");
        try (var proxy = new lobos.TestRelay.Tcp(server.getPort(), lobos.TestRelay.Fault.RESET, 6 << 20, java.time.Duration.ZERO)) {
            Files.writeString(sshDir.resolve("known_hosts"), Files.readString(sshDir.resolve("known_hosts"))
                    .replace("[127.0.0.1]:" + server.getPort(), "[127.0.0.1]:" + proxy.port()));
            Location.Url url = new Location.Url(Scheme.SFTP, "boot", PASSWORD, "127.0.0.1", proxy.port(), "/image", null);
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process p = new ProcessBuilder(java, "--limit-modules", String.join(",", BuildConfig.BASE_JAVA_MODULES),
                    "-cp", System.getProperty("java.class.path"), "lobos.cli.Main", "fetch", "--quiet", url.text(),
                    dest.toString(), "--ssh-dir", sshDir.toString(), "--timeout", "10", "--retries", "1")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("trying again").doesNotContain("NoClassDefFoundError");
            assertThat(proxy.faulted()).isTrue();
        }
        assertThat(Files.readAllBytes(dest)).isEqualTo(content);
        assertThat(firstReads.values()).hasSize(2).contains(0L);
    }

    @Test
    void aServerThatStopsAnsweringTimesOutNamingTheHost() throws Exception {
        serve("slow", 1 << 20);
        CountDownLatch release = new CountDownLatch(1);
        onRead = (session, offset) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> new SftpFetcher().fetch(url("/slow", PASSWORD), sink(tmp.resolve("slow")),
                    options(Duration.ofSeconds(1), 0), Progress.NONE))
                    .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.transient_()).isTrue())
                    .hasMessageContaining("127.0.0.1:" + server.getPort());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        int port = OpenSshd.freePort();
        Location.Url nobody = new Location.Url(Scheme.SFTP, "boot", null, "127.0.0.1", port, "/x", null);
        assertThatThrownBy(() -> new SftpFetcher().fetch(nobody, sink(tmp.resolve("x")), options(Duration.ofSeconds(5), 0),
                Progress.NONE))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.transient_()).isTrue())
                .hasMessageContaining("cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void permissionDeniedIsFinal() throws Exception {
        serve("secret", 100);
        assertThatThrownBy(() -> new SftpFetcher().fetch(url("/secret", PASSWORD), sink(tmp.resolve("s")),
                options(Duration.ofSeconds(5), 0), Progress.NONE))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.transient_()).isFalse();
                    assertThat(e).isNotInstanceOf(NotFoundException.class);
                    assertThat(e.getMessage()).contains("permission denied").doesNotContain(PASSWORD).contains("***");
                });
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        serve("huge", 100_000);
        try (var channel = java.nio.channels.FileChannel.open(tmp.resolve("h"), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.READ)) {
            assertThatThrownBy(() -> new SftpFetcher().fetch(url("/huge", PASSWORD), new Sink(channel, 50_000),
                    options(Duration.ofSeconds(5), 0), Progress.NONE))
                    .isInstanceOf(FetchException.class).hasMessageContaining("100000 bytes");
        }
        assertThat(firstReads).isEmpty();
    }

    @Test
    void stopsEveryThreadItStarted() throws Exception {
        serve("small", 1000);
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        for (int i = 0; i < 3; i++) {
            new SftpFetcher().fetch(url("/small", PASSWORD), sink(tmp.resolve("small" + i)),
                    options(Duration.ofSeconds(5), 0), Progress.NONE);
        }
        assertThatThrownBy(() -> new SftpFetcher().fetch(url("/missing", PASSWORD), sink(tmp.resolve("m")),
                options(Duration.ofSeconds(5), 0), Progress.NONE)).isInstanceOf(NotFoundException.class);
        // the server's own threads stay: only client threads count
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Set<String> left;
        do {
            Thread.sleep(50);
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && t.getName().contains("SshClient"))
                    .map(Thread::getName).collect(Collectors.toSet());
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertThat(left).isEmpty();
    }

    Sink sink(Path file) throws IOException {
        var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.READ);
        opened.add(channel);
        return new Sink(channel, Long.MAX_VALUE);
    }

    final List<java.nio.channels.FileChannel> opened = new java.util.ArrayList<>();

    @AfterEach
    void closeSinks() throws IOException {
        for (var c : opened) c.close();
    }
}
