package lobos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: ./mvnw, which the README offers, failed on a machine whose default java is 17
 * ("Unrecognized option: --sun-misc-unsafe-memory-access") unless JAVA_HOME was set by hand.
 * It now finds JDK 25 as ./lobos does (scripts/java-home.sh), or says that there is none.
 */
class MvnwTest {
    private static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

    private record Run(int exit, String output) {}

    private static Run mvnw(Map<String, String> env) throws IOException, InterruptedException {
        var pb = new ProcessBuilder("./mvnw", "-v").redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PATH", JDK17.resolve("bin") + ":/usr/bin:/bin"); // java 17 is the default
        Path out = Files.createTempFile("mvnw", ".out");
        try {
            Process p = pb.redirectOutput(out.toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("mvnw -v ends").isTrue();
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void findsJdk25WhenJavaHomeAndThePathSay17() throws Exception {
        assumeTrue(Files.isExecutable(JDK17.resolve("bin/java")), "needs a JDK 17 at " + JDK17);
        var run = mvnw(Map.of("JAVA_HOME", JDK17.toString()));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("Java version: 25").doesNotContain("Unrecognized option");
    }

    @Test
    void saysSoWhenThereIsNoJdk25() throws Exception {
        assumeTrue(Files.isExecutable(JDK17.resolve("bin/java")), "needs a JDK 17 at " + JDK17);
        var run = mvnw(Map.of("JAVA_HOME", JDK17.toString(), "LOBOS_JDK_SEARCH", "/nonexistent/jvm/*"));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output()).startsWith("lobos: no JDK 25 or newer found").contains("set JAVA_HOME");
    }
}
