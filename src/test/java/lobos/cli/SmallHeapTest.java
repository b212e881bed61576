package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lobos in a child JVM with the heap a small machine gives it (256 MiB: the JVM's default in a
 * 1 GiB machine; 512 MiB gives 128). Issue 8: a kernel bomb decompressed into the heap, about
 * twice the 512 MiB output cap, and inspect and boot died with an OutOfMemoryError.
 */
class SmallHeapTest {
    private static final List<String> SMALL_HEAP = List.of("-Xmx256m", "-XX:+UseSerialGC");

    @TempDir
    static Path dir;

    static Path bomb;

    /** 600 MiB of zeros, gzip'd to about 600 KiB. */
    @BeforeAll
    static void makeBomb() throws IOException {
        bomb = dir.resolve("vmlinuz.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 600; i++) out.write(zeros);
        }
    }

    @Test
    void inspectRefusesABombWithoutRunningOutOfMemory() throws Exception {
        var r = ChildLobos.run(dir, SMALL_HEAP, "inspect", bomb.toString());
        assertThat(r.exit()).as(r.stderr()).isEqualTo(Main.FAILED);
        assertThat(r.stderr()).contains("gzip data decompress to larger than 512 MiB").doesNotContain("OutOfMemoryError", "\tat ");
    }

    @Test
    void bootRefusesABombWithoutRunningOutOfMemory() throws Exception {
        var r = ChildLobos.run(dir, SMALL_HEAP, "boot", "--dry-run", bomb.toString(), "--command-line", "quiet");
        assertThat(r.exit()).as(r.stderr()).isEqualTo(Main.FAILED);
        assertThat(r.stderr()).contains("gzip data decompress to larger than 512 MiB").doesNotContain("OutOfMemoryError", "\tat ");
    }
}
