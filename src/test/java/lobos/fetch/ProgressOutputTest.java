package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ProgressBar and ProgressLog output, with a fake clock. */
class ProgressOutputTest {
    static final long MIB = 1 << 20;
    static final long SECOND = 1_000_000_000L;

    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    long now = 0;

    String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void barRedrawsOneLine() {
        var bar = new ProgressBar(out, () -> now, null);
        bar.start("http://boot.example/images/vmlinuz", 10 * MIB);
        bar.update(0);
        now = SECOND;
        bar.update(5 * MIB);
        now = SECOND + SECOND / 20;
        bar.update(6 * MIB); // 50 ms after the last redraw: none
        now = 2 * SECOND;
        bar.update(10 * MIB);
        bar.end(true);
        assertThat(output()).isEqualTo(
                "\rvmlinuz [........................]  0 B / 10.0 MiB  0 B/s  ETA --:--"
                + "\rvmlinuz [############............]  5.0 MiB / 10.0 MiB  5.0 MiB/s  ETA 0:01"
                + "\rvmlinuz [########################]  10.0 MiB / 10.0 MiB  5.0 MiB/s  ETA 0:00"
                + "\rvmlinuz [########################]  10.0 MiB / 10.0 MiB  5.0 MiB/s  done in 2.0 s\n");
    }

    @Test
    void barWithoutTotalShowsBytesAndRateAndBlanksLeftovers() {
        var bar = new ProgressBar(out, () -> now, "initrd");
        bar.start("ftp://boot.example/x", Progress.UNKNOWN);
        bar.update(0);
        now = SECOND;
        bar.update(1023 * 1024);
        now = 2 * SECOND;
        bar.update(MIB);
        bar.end(false);
        assertThat(output()).isEqualTo(
                "\rinitrd  0 B  0 B/s"
                + "\rinitrd  1023.0 KiB  1023.0 KiB/s"
                + "\rinitrd  1.0 MiB  512.0 KiB/s    "
                + "\rinitrd  1.0 MiB  512.0 KiB/s  failed\n");
    }

    @Test
    void barRedrawsAtMostTenTimesASecond() {
        var bar = new ProgressBar(out, () -> now, null);
        bar.start("big", 1000);
        for (int i = 1; i <= 1000; i++) {
            now = i * 1_000_000L; // every millisecond
            bar.update(i);
        }
        assertThat(output().chars().filter(c -> c == '\r').count()).isBetween(10L, 11L);
    }

    @Test
    void barShowsTheRateOfThisAttemptAfterAResume() {
        var bar = new ProgressBar(out, () -> now, null);
        bar.start("k", 100 * MIB);
        bar.update(50 * MIB);
        now = 2 * SECOND;
        bar.update(60 * MIB);
        assertThat(output()).endsWith("\rk [##############..........]  60.0 MiB / 100.0 MiB  5.0 MiB/s  ETA 0:08");
    }

    @Test
    void logWritesEveryTenthAndEveryTenSeconds() {
        var log = new ProgressLog(out, () -> now, null);
        log.start("http://boot.example/initrd.img", 100 * MIB);
        log.update(0);
        now = SECOND;
        log.update(5 * MIB);
        now = 2 * SECOND;
        log.update(10 * MIB);
        now = 3 * SECOND;
        log.update(35 * MIB);
        now = 14 * SECOND;
        log.update(36 * MIB);
        now = 20 * SECOND;
        log.update(100 * MIB);
        log.end(true);
        assertThat(output()).isEqualTo("""
                lobos: fetching initrd.img (100.0 MiB)
                lobos: initrd.img 10% (10.0 MiB of 100.0 MiB, 5.0 MiB/s)
                lobos: initrd.img 35% (35.0 MiB of 100.0 MiB, 11.7 MiB/s)
                lobos: initrd.img 36% (36.0 MiB of 100.0 MiB, 2.6 MiB/s)
                lobos: fetched initrd.img: 100.0 MiB in 20.0 s (5.0 MiB/s)
                """);
    }

    @Test
    void logWithoutTotalAndFailure() {
        var log = new ProgressLog(out, () -> now, "kernel");
        log.start("tftp://x/y", Progress.UNKNOWN);
        log.update(0);
        now = 5 * SECOND;
        log.update(MIB / 2);
        now = 12 * SECOND;
        log.update(MIB);
        log.end(false);
        assertThat(output()).isEqualTo("""
                lobos: fetching kernel
                lobos: kernel 1.0 MiB (85.3 KiB/s)
                lobos: fetching kernel failed after 1.0 MiB in 12.0 s
                """);
    }

    @Test
    void logSkipsTheTenthsAResumeAlreadyHad() {
        var log = new ProgressLog(out, () -> now, null);
        log.start("k", 100 * MIB);
        log.update(50 * MIB);
        now = SECOND;
        log.update(60 * MIB);
        assertThat(output()).isEqualTo("""
                lobos: fetching k (100.0 MiB)
                lobos: k 60% (60.0 MiB of 100.0 MiB, 10.0 MiB/s)
                """);
    }

    @Test
    void sizesAndNames() {
        assertThat(ProgressText.bytes(1023)).isEqualTo("1023 B");
        assertThat(ProgressText.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(ProgressText.bytes(5L << 30)).isEqualTo("5.00 GiB");
        assertThat(ProgressText.clock(3723)).isEqualTo("1:02:03");
        assertThat(ProgressText.name("http://h/a/b.img?x=1")).isEqualTo("b.img");
        assertThat(ProgressText.name("http://h/dir/")).isEqualTo("dir");
        assertThat(ProgressText.name("")).isEqualTo("download");
    }
}
