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
}
