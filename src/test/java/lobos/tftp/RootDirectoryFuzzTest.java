package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

class RootDirectoryFuzzTest {
    private static final RootDirectory ROOT;

    static {
        try {
            Path dir = Files.createTempDirectory("lobos-tftp-root");
            dir.toFile().deleteOnExit();
            ROOT = new RootDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any requested name maps inside the root or is refused with a TftpException. */
    @FuzzTest(maxDuration = "60s")
    void resolve(String name) {
        if (name == null) return; // Jazzer's way of saying "no string"; no caller passes null
        Path path;
        try {
            path = ROOT.resolve(name);
        } catch (TftpException e) {
            return;
        }
        assertThat(path.normalize().startsWith(ROOT.root())).as(name + " -> " + path).isTrue();
    }
}
