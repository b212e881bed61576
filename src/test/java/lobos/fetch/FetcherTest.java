package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import lobos.path.Location;
import lobos.path.Scheme;
import lobos.path.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetcherTest {
    @TempDir
    Path dir;

    private final FakeProtocol server = new FakeProtocol();
    private final List<Long> sleeps = new ArrayList<>();
    private final Fetcher fetcher = new Fetcher(List.of(server), FetchOptions.DEFAULTS, sleeps::add);
    private static final byte[] KERNEL = "a kernel".repeat(1000).getBytes(StandardCharsets.US_ASCII);

    private static Location.Url url(String path) {
        return new Location.Url(Scheme.HTTP, "server", path);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void transientFailuresAreRetriedWithBackoffAndResumed() throws Exception {
        server.files.put("/vmlinuz", KERNEL);
        server.failures.add(new FetchException("connection reset", null, true));
        server.failures.add(new FetchException("timeout", null, true));
        Path dest = dir.resolve("k");
        fetcher.download(url("/vmlinuz"), null, dest, 1 << 20, Progress.NONE);
        assertThat(Files.readAllBytes(dest)).isEqualTo(KERNEL);
        assertThat(sleeps).containsExactly(1000L, 2000L);
        // each broken attempt got half the file; the next resumed after what was there; the
        // sidecar checksum was looked for last
        assertThat(server.requests).containsExactly("/vmlinuz from 0", "/vmlinuz from " + KERNEL.length / 2,
                "/vmlinuz from " + KERNEL.length, "/vmlinuz.sha256 from 0");
    }

    @Test
    void permanentFailuresAndTooManyRetriesStop() {
        server.failures.add(new FetchException("403 forbidden", null, false));
        assertThatThrownBy(() -> fetcher.download(url("/x"), null, dir.resolve("x"), 100, Progress.NONE))
                .hasMessage("403 forbidden");
        assertThat(sleeps).isEmpty();
        for (int i = 0; i < 5; i++) server.failures.add(new FetchException("timeout " + i, null, true));
        assertThatThrownBy(() -> fetcher.download(url("/x"), null, dir.resolve("x"), 100, Progress.NONE))
                .hasMessage("timeout 4");
        assertThat(sleeps).containsExactly(1000L, 2000L, 4000L, 8000L);
    }

    @Test
    void checksumsFromThePathOrTheServerAreEnforced() throws Exception {
        server.files.put("/vmlinuz", KERNEL);
        Path dest = dir.resolve("k");
        fetcher.download(url("/vmlinuz"), new Sha256(sha256(KERNEL)), dest, 1 << 20, Progress.NONE);
        assertThat(server.requests).noneMatch(r -> r.contains(".sha256"));
        assertThatThrownBy(() -> fetcher.download(url("/vmlinuz"), new Sha256("0".repeat(64)), dest, 1 << 20,
                Progress.NONE)).hasMessageContaining("expected " + "0".repeat(64))
                .hasMessageContaining(sha256(KERNEL));

        server.files.put("/vmlinuz.sha256", (sha256(KERNEL) + "  vmlinuz\n").getBytes(StandardCharsets.US_ASCII));
        fetcher.download(url("/vmlinuz"), null, dest, 1 << 20, Progress.NONE);
        server.files.put("/vmlinuz.sha256", (sha256(new byte[1]) + "  vmlinuz\n").getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> fetcher.download(url("/vmlinuz"), null, dest, 1 << 20, Progress.NONE))
                .hasMessageContaining("has SHA-256");
        server.files.put("/vmlinuz.sha256", "garbage".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> fetcher.download(url("/vmlinuz"), null, dest, 1 << 20, Progress.NONE))
                .hasMessageContaining("holds no SHA-256 checksum");
    }

    @Test
    void theSizeLimitStopsADownloadBeforeItFillsMemory() {
        server.files.put("/huge", new byte[5000]);
        assertThatThrownBy(() -> fetcher.download(url("/huge"), null, dir.resolve("h"), 4096, Progress.NONE))
                .hasMessageContaining("5000 bytes, more than the 4096");
    }

    @Test
    void unknownSchemesAreRefused() {
        var tftp = new Location.Url(Scheme.TFTP, "server", "/x");
        assertThatThrownBy(() -> fetcher.download(tftp, null, dir.resolve("x"), 100, Progress.NONE))
                .hasMessageContaining("cannot fetch tftp:// URLs");
    }
}
