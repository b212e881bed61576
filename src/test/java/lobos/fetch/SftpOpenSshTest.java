package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import lobos.path.Location;
import lobos.path.Scheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SftpFetcher} against OpenSSH's sshd with internal-sftp on 127.0.0.1 (Debian's
 * openssh-server), with keys, known_hosts files and fingerprints made by ssh-keygen.
 */
class SftpOpenSshTest {
    @TempDir
    static Path tmp;

    static OpenSshd sshd;
    static Path files;
    static Path edDir;
    static Path rsaDir;

    @BeforeAll
    static void startSshd() throws Exception {
        OpenSshd.assumeAvailable();
        Path server = Files.createDirectories(tmp.resolve("server"));
        files = Files.createDirectories(tmp.resolve("files"));
        edDir = Files.createDirectories(tmp.resolve("ed25519"));
        rsaDir = Files.createDirectories(tmp.resolve("rsa"));
        sshd = OpenSshd.start(server);
        OpenSshd.keygen("-t", "ed25519", "-f", edDir.resolve("id_ed25519").toString());
        OpenSshd.keygen("-t", "rsa", "-b", "3072", "-f", rsaDir.resolve("id_rsa").toString());
        sshd.authorize(edDir.resolve("id_ed25519"));
        sshd.authorize(rsaDir.resolve("id_rsa"));
        for (Path dir : List.of(edDir, rsaDir)) Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
    }

    @AfterAll
    static void stopSshd() throws InterruptedException {
        if (sshd != null) sshd.close();
    }

    static Location.Url url(Path file) {
        return new Location.Url(Scheme.SFTP, "root", null, "127.0.0.1", sshd.port(), file.toString(), null);
    }

    static FetchOptions options(Path sshDir) {
        return new FetchOptions(Duration.ofSeconds(20), 0, false, null, sshDir);
    }

    static Path serve(String name, byte[] content) throws IOException {
        Path file = files.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return file;
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Fetches into {@code dest} (kept as it is: a resume test fills it first). */
    static void fetch(SftpFetcher fetcher, Location.Url url, FetchOptions options, Path dest, Progress progress)
            throws IOException {
        try (FileChannel channel = FileChannel.open(dest, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            fetcher.fetch(url, new Sink(channel, Long.MAX_VALUE), options, progress);
        }
    }

    /** Records what a fetch reports. */
    static final class Recorder implements Progress {
        final List<String> events = new ArrayList<>();
        long total = -2;
        long last = -1;

        @Override
        public void start(String what, long total) {
            this.total = total;
            events.add("start " + what + " " + total);
        }

        @Override
        public void update(long bytes) {
            last = bytes;
        }

        @Override
        public void end(boolean ok) {
            events.add("end " + ok);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 100_000, 64 * 1024 * 1024 + 123})
    void fetchesByteIdenticalWithAnEd25519Key(int size) throws Exception {
        Path source = serve("sized/" + size, random(size, size));
        Path dest = tmp.resolve("dest-" + size);
        Recorder progress = new Recorder();
        fetch(new SftpFetcher(), url(source), options(edDir), dest, progress);
        assertThat(Files.mismatch(source, dest)).isEqualTo(-1);
        assertThat(progress.total).isEqualTo(size);
        assertThat(progress.events).last().isEqualTo("end true");
        if (size > 0) assertThat(progress.last).isEqualTo(size);
        Files.delete(dest);
        if (size > 1_000_000) Files.delete(source);
    }

    @Test
    void logsInWithAnRsaKey() throws Exception {
        Path source = serve("rsa.bin", random(300_000, 7));
        Path dest = tmp.resolve("rsa.out");
        fetch(new SftpFetcher(), url(source), options(rsaDir), dest, Progress.NONE);
        assertThat(Files.mismatch(source, dest)).isEqualTo(-1);
    }

    @Test
    void acceptsAHashedKnownHostsEntry() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("hashed"));
        Files.copy(edDir.resolve("id_ed25519"), dir.resolve("id_ed25519"));
        Files.writeString(dir.resolve("known_hosts"), "# made by the test\n" + sshd.knownHostsLine() + "\n");
        OpenSshd.keygen("-H", "-f", dir.resolve("known_hosts").toString());
        String hashed = Files.readString(dir.resolve("known_hosts"));
        assertThat(hashed).contains("|1|").doesNotContain("127.0.0.1");
        Path source = serve("hashed.bin", random(5000, 8));
        Path dest = tmp.resolve("hashed.out");
        fetch(new SftpFetcher(), url(source), options(dir), dest, Progress.NONE);
        assertThat(Files.mismatch(source, dest)).isEqualTo(-1);
    }

    /** The host key's SHA256 fingerprint as ssh-keygen prints it. */
    static String fingerprint() throws Exception {
        return OpenSshd.keygen("-l", "-f", sshd.hostPublicKey().toString()).split(" ")[1];
    }

    static Path dirWithKnownHosts(String name, String knownHosts) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(edDir.resolve("id_ed25519"), dir.resolve("id_ed25519"));
        if (knownHosts != null) Files.writeString(dir.resolve("known_hosts"), knownHosts);
        return dir;
    }

    @Test
    void refusesAnUnknownHostKeyWithItsFingerprint() throws Exception {
        // the key is listed for port 22 only: another port is another host
        Path dir = dirWithKnownHosts("unknown", sshd.knownHostsLine().replaceFirst("^\\S+", "127.0.0.1") + "\n");
        Path source = serve("unknown.bin", random(10, 9));
        assertThatThrownBy(() -> fetch(new SftpFetcher(), url(source), options(dir), tmp.resolve("unknown.out"),
                Progress.NONE))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.transient_()).isFalse();
                    assertThat(e.hint()).contains(dir.resolve("known_hosts").toString());
                    try {
                        assertThat(e.getMessage()).contains(fingerprint()).contains("127.0.0.1:" + sshd.port());
                        assertThat(e.hint()).contains(sshd.knownHostsLine());
                    } catch (Exception x) {
                        throw new AssertionError(x);
                    }
                });
    }

    @Test
    void refusesAHostKeyWhenThereIsNoKnownHostsFile() throws Exception {
        Path dir = dirWithKnownHosts("no-known-hosts", null);
        Path source = serve("nokh.bin", random(10, 9));
        assertThatThrownBy(() -> fetch(new SftpFetcher(), url(source), options(dir), tmp.resolve("nokh.out"),
                Progress.NONE))
                .isInstanceOf(FetchException.class).hasMessageContaining(fingerprint());
    }

    @Test
    void insecureAcceptsAnUnknownHostKeyWithAWarning() throws Exception {
        Path dir = dirWithKnownHosts("insecure", "");
        Path source = serve("insecure.bin", random(4000, 10));
        Path dest = tmp.resolve("insecure.out");
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        fetch(new SftpFetcher(new PrintStream(warnings, true, StandardCharsets.UTF_8)), url(source),
                options(dir).withInsecure(true), dest, Progress.NONE);
        assertThat(Files.mismatch(source, dest)).isEqualTo(-1);
        String warning = warnings.toString(StandardCharsets.UTF_8);
        assertThat(warning.lines()).hasSize(1);
        assertThat(warning).contains("warning").contains(fingerprint());
    }

    @Test
    void refusesAChangedHostKey() throws Exception {
        Path other = tmp.resolve("other_host_key");
        OpenSshd.keygen("-t", "ed25519", "-f", other.toString());
        String[] pub = Files.readString(Path.of(other + ".pub")).split(" ");
        Path dir = dirWithKnownHosts("changed", "[127.0.0.1]:" + sshd.port() + " " + pub[0] + " " + pub[1] + "\n");
        Path source = serve("changed.bin", random(10, 11));
        assertThatThrownBy(() -> fetch(new SftpFetcher(), url(source), options(dir), tmp.resolve("changed.out"),
                Progress.NONE))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.transient_()).isFalse();
                    assertThat(e.getMessage()).contains("changed").contains(":1 ");
                });
    }

    @Test
    void aMissingFileIsNotFound() {
        assertThatThrownBy(() -> fetch(new SftpFetcher(), url(files.resolve("no/such/file")), options(edDir),
                tmp.resolve("missing.out"), Progress.NONE))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no/such/file");
    }

    @Test
    void aDirectoryIsNotAFile() throws Exception {
        Path dir = Files.createDirectories(files.resolve("a-dir"));
        assertThatThrownBy(() -> fetch(new SftpFetcher(), url(dir), options(edDir), tmp.resolve("dir.out"),
                Progress.NONE))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.transient_()).isFalse())
                .hasMessageContaining("is a directory");
    }

    @Test
    void resumesAfterWhatTheSinkHolds() throws Exception {
        byte[] content = random(3_000_000, 12);
        Path source = serve("resume.bin", content);
        Path dest = tmp.resolve("resume.out");
        // bytes that differ from the file's: if the fetcher started over they would be gone
        byte[] earlier = new byte[1_234_567];
        java.util.Arrays.fill(earlier, (byte) 0x5a);
        Files.write(dest, earlier);
        Recorder progress = new Recorder();
        fetch(new SftpFetcher(), url(source), options(edDir), dest, progress);
        byte[] got = Files.readAllBytes(dest);
        assertThat(got).hasSize(content.length);
        assertThat(java.util.Arrays.copyOf(got, earlier.length)).isEqualTo(earlier);
        assertThat(java.util.Arrays.copyOfRange(got, earlier.length, got.length))
                .isEqualTo(java.util.Arrays.copyOfRange(content, earlier.length, content.length));
        assertThat(progress.last).isEqualTo(content.length);
    }

    @Test
    void listsADirectoryWithSlashesAfterDirectories() throws Exception {
        Path dir = Files.createDirectories(files.resolve("listing"));
        Files.createDirectories(dir.resolve("boot"));
        Files.write(dir.resolve("vmlinuz"), new byte[10]);
        Files.write(dir.resolve("initrd.img"), new byte[0]);
        Files.createSymbolicLink(dir.resolve("latest"), Path.of("boot"));
        Files.createSymbolicLink(dir.resolve("kernel"), Path.of("vmlinuz"));
        List<String> names = new SftpFetcher().list(url(dir), options(edDir));
        assertThat(names).containsExactly("boot/", "initrd.img", "kernel", "latest/", "vmlinuz");
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefusedForGood() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("stranger"));
        OpenSshd.keygen("-t", "ed25519", "-f", dir.resolve("id_ed25519").toString());
        Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
        Path source = serve("stranger.bin", random(10, 13));
        assertThatThrownBy(() -> fetch(new SftpFetcher(), url(source), options(dir), tmp.resolve("stranger.out"),
                Progress.NONE))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.transient_()).isFalse();
                    assertThat(e.getMessage()).contains("refused user root").contains("id_ed25519");
                    assertThat(e.hint()).contains("authorized_keys");
                });
    }

    @Test
    void anEncryptedKeyIsExplained() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("encrypted"));
        OpenSshd.keygen("-t", "ed25519", "-N", "secret", "-f", dir.resolve("id_ed25519").toString());
        Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
        assertThatThrownBy(() -> fetch(new SftpFetcher(), url(files.resolve("x")), options(dir),
                tmp.resolve("encrypted.out"), Progress.NONE))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.transient_()).isFalse();
                    assertThat(e.getMessage()).contains("passphrase").contains(dir.resolve("id_ed25519").toString());
                });
    }
}
