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
        // sidecar checksum was looked for once, beside them
        assertThat(server.requests).filteredOn(r -> !r.contains(".sha256")).containsExactly("/vmlinuz from 0",
                "/vmlinuz from " + KERNEL.length / 2, "/vmlinuz from " + KERNEL.length);
        assertThat(server.requests).filteredOn(r -> r.contains(".sha256")).containsExactly("/vmlinuz.sha256 from 0");
    }

    /** What a fake server does for one request. */
    private interface Answer {
        void fetch(Location.Url url, Sink sink) throws java.io.IOException;
    }

    /** An HTTP protocol whose server answers as {@code answer} says. */
    private static RemoteFetcher answering(Answer answer) {
        return new RemoteFetcher() {
            @Override
            public List<Scheme> schemes() {
                return List.of(Scheme.HTTP);
            }

            @Override
            public void fetch(Location.Url url, Sink sink, FetchOptions options, Progress progress) throws java.io.IOException {
                answer.fetch(url, sink);
            }
        };
    }

    /** The .sha256 file is looked for while the file comes, not after it. */
    @Test
    void theSha256LookUpRunsWhileTheFileComes() throws Exception {
        byte[] line = (sha256(KERNEL) + "  vmlinuz\n").getBytes(StandardCharsets.US_ASCII);
        var asked = new java.util.concurrent.CountDownLatch(1);
        RemoteFetcher waiting = answering((url, sink) -> {
            if (url.rawPath().endsWith(".sha256")) {
                asked.countDown();
                sink.write(line, 0, line.length);
                return;
            }
            try {
                // the file ends only once the look-up has asked: one after the other would never end
                asked.await();
            } catch (InterruptedException e) {
                throw new FetchException("interrupted", null, false, e);
            }
            sink.write(KERNEL, 0, KERNEL.length);
        });
        Path dest = dir.resolve("k");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> new Fetcher(List.of(waiting), FetchOptions.DEFAULTS, sleeps::add)
                        .download(url("/vmlinuz"), null, dest, 1 << 20, Progress.NONE));
        assertThat(Files.readAllBytes(dest)).isEqualTo(KERNEL);
    }

    /** A look-up that failed for a passing reason while the file came (one connection per client?) is made again after it. */
    @Test
    void aLookUpThatFailedBesideTheDownloadIsMadeAgainAfterIt() throws Exception {
        server.files.put("/vmlinuz", KERNEL);
        server.files.put("/vmlinuz.sha256", (sha256(new byte[1]) + "  vmlinuz\n").getBytes(StandardCharsets.US_ASCII));
        var once = new java.util.concurrent.atomic.AtomicBoolean();
        RemoteFetcher busy = answering((url, sink) -> {
            if (url.rawPath().endsWith(".sha256") && once.compareAndSet(false, true)) {
                throw new FetchException("421 too many connections from your address", null, true);
            }
            server.fetch(url, sink, FetchOptions.DEFAULTS, Progress.NONE);
        });
        assertThatThrownBy(() -> new Fetcher(List.of(busy), FetchOptions.DEFAULTS, sleeps::add)
                .download(url("/vmlinuz"), null, dir.resolve("k"), 1 << 20, Progress.NONE))
                .hasMessageContaining("has SHA-256 " + sha256(KERNEL));
        assertThat(server.requests).filteredOn(r -> r.contains(".sha256")).containsExactly("/vmlinuz.sha256 from 0");
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

    /** Issue 8: after the last retry the error still said "lobos tries again". */
    @Test
    void theLastFailurePromisesNoFurtherTry() {
        for (int i = 0; i < 5; i++) {
            server.failures.add(new FetchException("no answer from server:80 in 30 s",
                    "check that the server is up and reachable from here; lobos tries again a few times", true));
        }
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(FetchException.class,
                () -> fetcher.download(url("/x"), null, dir.resolve("x"), 100, Progress.NONE));
        assertThat(e.getMessage()).isEqualTo("no answer from server:80 in 30 s");
        assertThat(e.hint()).doesNotContain("tries again")
                .isEqualTo("lobos tried 5 times: check the server and the network, then try again");
    }

    /** A protocol whose server sends one byte every 20 ms, for ever: never idle, never done. */
    private static final class Dribbler implements RemoteFetcher {
        final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        final String slowPath;

        Dribbler(String slowPath) {
            this.slowPath = slowPath;
        }

        @Override
        public List<Scheme> schemes() {
            return List.of(Scheme.HTTP);
        }

        @Override
        public void fetch(Location.Url url, Sink sink, FetchOptions options, Progress progress) throws java.io.IOException {
            if (!url.rawPath().equals(slowPath)) {
                if (url.rawPath().endsWith(".sha256")) throw new NotFoundException("404", null);
                sink.write(KERNEL, 0, KERNEL.length);
                return;
            }
            try {
                while (true) {
                    sink.write(new byte[] {1}, 0, 1);
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                stopped.set(true);
                throw new FetchException("interrupted", null, false, e);
            }
        }
    }

    /** Issue 8: a server that sends a byte every half second held fetch for ever: the idle timeout never fired. */
    @Test
    void aDownloadEndsAtItsDeadlineHoweverSteadilyTheBytesCome() {
        var dribbler = new Dribbler("/vmlinuz");
        var slow = new Fetcher(List.of(dribbler), FetchOptions.DEFAULTS.withDeadline(java.time.Duration.ofMillis(300)), sleeps::add);
        var e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> org.assertj.core.api.Assertions.catchThrowableOfType(FetchException.class,
                        () -> slow.download(url("/vmlinuz"), null, dir.resolve("k"), 1 << 20, Progress.NONE)));
        assertThat(e).hasMessageStartingWith("fetching http://server/vmlinuz took longer than its deadline of 300 ms (");
        assertThat(e.hint()).contains("--deadline");
        assertThat(dribbler.stopped).as("the attempt was interrupted").isTrue();
    }

    /** Issue 8: the .sha256 look-up could take as long again as the file; it has its own (short) deadline. */
    @Test
    void theSha256LookUpHasADeadlineToo() {
        var dribbler = new Dribbler("/vmlinuz.sha256");
        var slow = new Fetcher(List.of(dribbler), FetchOptions.DEFAULTS.withDeadline(java.time.Duration.ofMillis(300)), sleeps::add);
        var e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> org.assertj.core.api.Assertions.catchThrowableOfType(FetchException.class,
                        () -> slow.download(url("/vmlinuz"), null, dir.resolve("k"), 1 << 20, Progress.NONE)));
        assertThat(e).hasMessageStartingWith("fetching http://server/vmlinuz.sha256 took longer than its deadline of 300 ms");
    }

    /** The deadline counts the waits between retries: no attempt starts after it. */
    @Test
    void theDeadlineCoversRetriesAndTheirWaits() {
        long[] now = {0};
        Fetcher.Sleeper clock = new Fetcher.Sleeper() {
            @Override
            public void sleep(long millis) {
                sleeps.add(millis);
                now[0] += millis * 1_000_000;
            }

            @Override
            public long nanoTime() {
                return now[0];
            }
        };
        var patient = new Fetcher(List.of(server), new FetchOptions(java.time.Duration.ofSeconds(30), 10, false, null, null,
                java.time.Duration.ofSeconds(5)), clock);
        for (int i = 0; i < 10; i++) server.failures.add(new FetchException("reset " + i, null, true));
        assertThatThrownBy(() -> patient.download(url("/x"), null, dir.resolve("x"), 100, Progress.NONE))
                .hasMessageStartingWith("fetching http://server/x took longer than its deadline of 5 s");
        assertThat(sleeps).containsExactly(1000L, 2000L, 2000L); // the last wait ends at the deadline
        assertThat(server.requests).filteredOn(r -> !r.contains(".sha256")).hasSize(3);
    }

    @Test
    void anOutOfMemoryErrorInAnAttemptIsAFetchException() {
        RemoteFetcher greedy = new RemoteFetcher() {
            @Override
            public List<Scheme> schemes() {
                return List.of(Scheme.HTTP);
            }

            @Override
            public void fetch(Location.Url url, Sink sink, FetchOptions options, Progress progress) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        assertThatThrownBy(() -> new Fetcher(List.of(greedy), FetchOptions.DEFAULTS, sleeps::add)
                .download(url("/big"), null, dir.resolve("b"), 100, Progress.NONE))
                .isInstanceOf(FetchException.class).hasMessage("ran out of memory while fetching http://server/big");
    }
}
