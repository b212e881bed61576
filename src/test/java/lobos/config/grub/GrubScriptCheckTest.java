package lobos.config.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GRUB's own parser (grub-script-check, Debian package grub-common) agrees with the fixtures:
 * every GRUB script in them is valid GRUB, except the one written to be broken.
 */
class GrubScriptCheckTest {
    static final Path TOOL = Path.of("/usr/bin/grub-script-check");

    static Stream<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.walk(GrubFixturesTest.FIXTURES)) {
            return files.filter(f -> f.toString().endsWith(".cfg") && !f.toString().contains("/loader/entries/")
                    && !f.toString().contains("FuzzTestInputs")
                    && !f.startsWith(GrubFixturesTest.FIXTURES.resolve("errors"))).sorted().toList().stream();
        }
    }

    /** grub-script-check's exit status for a file. */
    static int check(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(TOOL.toString(), file.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void fixtureIsValidGrub(Path file) throws Exception {
        assumeTrue(Files.isExecutable(TOOL), "grub-script-check (Debian package grub-common) is not installed");
        assertThat(check(file)).isZero();
    }

    @Test
    void theBrokenFixtureIsBrokenForGrubToo() throws Exception {
        assumeTrue(Files.isExecutable(TOOL), "grub-script-check (Debian package grub-common) is not installed");
        assertThat(check(GrubFixturesTest.FIXTURES.resolve("errors/volume/boot/grub/grub.cfg"))).isNotZero();
    }
}
