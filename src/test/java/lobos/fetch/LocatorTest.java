package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lobos.path.DeviceRef;
import lobos.path.Location;
import lobos.path.PathParser;
import lobos.path.PathResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocatorTest {
    @TempDir
    Path dir;

    private final List<String> mounted = new ArrayList<>();
    private final FakeProtocol server = new FakeProtocol();
    private Locator locator;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("root/boot"));
        Files.writeString(dir.resolve("root/boot/vmlinuz"), "booted kernel");
        Files.createDirectories(dir.resolve("sda1/images"));
        Files.writeString(dir.resolve("sda1/images/bzImage"), "device kernel");
        Files.createDirectories(dir.resolve("nfs/export"));
        Files.writeString(dir.resolve("nfs/export/kernel"), "nfs kernel");
        server.files.put("/k", "http kernel".getBytes());
        Storage storage = new Storage() {
            @Override
            public Path booted(Location.Booted path) {
                mounted.add("booted " + path.path());
                return dir.resolve("root").resolve(path.path().substring(1));
            }

            @Override
            public Path device(DeviceRef device) {
                mounted.add("device " + device.text());
                return dir.resolve("sda1");
            }

            @Override
            public Path nfs(String host, int port, String directory, List<String> options) {
                mounted.add("nfs " + host + ":" + directory);
                return dir.resolve("nfs").resolve(directory.substring(1));
            }
        };
        locator = new Locator(storage, new Fetcher(List.of(server), FetchOptions.DEFAULTS),
                name -> Files.createTempFile(dir, name, ".mem"));
    }

    private Path file(String text) throws Exception {
        var parsed = PathParser.parse(text);
        Location location = new PathResolver(new PathResolver.Context(java.util.Set.of(), java.util.Set.of("sda1"),
                null)).resolve(parsed);
        return locator.file(parsed, location, 1 << 20, Progress.NONE);
    }

    @Test
    void filesOnFileSystemsAreUsedInPlaceAndUrlsDownloaded() throws Exception {
        assertThat(file("/boot/vmlinuz")).isEqualTo(dir.resolve("root/boot/vmlinuz"));
        assertThat(file("sda1:/images/bzImage")).isEqualTo(dir.resolve("sda1/images/bzImage"));
        assertThat(file("server:/export/kernel")).hasContent("nfs kernel");
        Path http = file("http://server/k");
        assertThat(http).hasContent("http kernel").hasFileName(http.getFileName().toString())
                .matches(p -> p.getFileName().toString().startsWith("k"));
        Path loader = Files.writeString(dir.resolve("own"), "loader kernel");
        assertThat(file("/" + loader)).isEqualTo(loader);
        assertThat(mounted).containsExactly("booted /boot/vmlinuz", "device /dev/sda1", "nfs server:/export/kernel");
    }

    @Test
    void checksumsOnLocalPathsAreCheckedToo() throws Exception {
        String good = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("device kernel".getBytes()));
        assertThat(file("sda1:/images/bzImage#sha256=" + good)).hasContent("device kernel");
        assertThatThrownBy(() -> file("sda1:/images/bzImage#sha256=" + "1".repeat(64))).hasMessageContaining("has SHA-256");
    }

    @Test
    void directoriesMissingFilesAndNonFilesAreClear() throws Exception {
        assertThatThrownBy(() -> file("/boot")).hasMessage("/boot: no such file (it is a directory)");
        assertThatThrownBy(() -> file("/boot/nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> file("sda1")).hasMessageContaining("whole device");
        assertThat(locator.list(new Location.Booted("/boot"))).containsExactly("vmlinuz");
        assertThat(locator.list(new Location.DeviceFile(new DeviceRef.Named("sda1"), "/"))).containsExactly("images/");
    }

    /** Issue 8: a file whose disk goes away while it is copied: it shrinks, and the copy must not end short and silent. */
    @Test
    void aFileThatShrinksWhileItIsCopiedIsAnError() throws Exception {
        Path big = Files.write(dir.resolve("sda1/images/big"), new byte[3 << 20]);
        var parsed = PathParser.parse("sda1:/images/big");
        Location location = new PathResolver(new PathResolver.Context(java.util.Set.of(), java.util.Set.of("sda1"), null)).resolve(parsed);
        Progress truncating = new Progress() {
            @Override
            public void start(String what, long total) {}

            @Override
            public void update(long bytes) {
                try (var c = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.WRITE)) {
                    if (c.size() > (3 << 19)) c.truncate(3 << 19); // half way, once the first MiB is copied
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void end(boolean ok) {}
        };
        try (var out = java.nio.channels.FileChannel.open(dir.resolve("copy"), java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.READ)) {
            assertThatThrownBy(() -> locator.copy(parsed, location, out, 16 << 20, truncating))
                    .isInstanceOf(FetchException.class)
                    .hasMessage("/dev/sda1:/images/big shrank from " + (3 << 20) + " to " + (3 << 19) + " bytes while it was copied");
        }
    }

    /** A copy with no size limit (Long.MAX_VALUE), as the shell's fetch makes. */
    @Test
    void aCopyWithoutALimit() throws Exception {
        var parsed = PathParser.parse("sda1:/images/bzImage");
        Location location = new PathResolver(new PathResolver.Context(java.util.Set.of(), java.util.Set.of("sda1"), null)).resolve(parsed);
        Path copy = dir.resolve("copy");
        try (var out = java.nio.channels.FileChannel.open(copy, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.READ)) {
            locator.copy(parsed, location, out, Long.MAX_VALUE, Progress.NONE);
        }
        assertThat(copy).hasContent("device kernel");
    }
}
