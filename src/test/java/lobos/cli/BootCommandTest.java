package lobos.cli;

import lobos.Json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lobos.image.Synthetic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lobos boot on the host: only --dry-run and refusals, which never reach the kernel. */
class BootCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter stderr = new StringWriter();
    private PrintStream saved;

    @BeforeEach
    void capture() {
        saved = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(saved);
    }

    private int run(String... args) {
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(stderr, true));
        return cl.execute(args);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dryRunShowsThePlanAsJson() throws Exception {
        Path kernel = Files.write(dir.resolve("vmlinuz"), Synthetic.bzImage());
        Path ucode = Files.write(dir.resolve("ucode.img"), new byte[] {1});
        Path main = Files.write(dir.resolve("initrd.img"), new byte[] {2});
        assertThat(run("boot", "--dry-run", "--json", kernel.toString(), "--initrd", ucode.toString(), "--initrd",
                main.toString(), "--command-line", "root=/dev/vda1 ro")).isEqualTo(Main.OK);
        assertThat(out()).isEqualTo("""
                {
                  "kernel": "%s",
                  "description": "Linux 6.99.0-synthetic, bzImage protocol 2.15",
                  "syscall": "kexec_file_load",
                  "initrds": [
                    "%s",
                    "%s"
                  ],
                  "modules": [],
                  "cmdline": "root=/dev/vda1 ro",
                  "warnings": []
                }
                """.formatted(kernel, ucode, main));
    }

    @Test
    void aFileThatIsNotAKernelFailsWithExitOne() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertThat(run("boot", "--dry-run", text.toString(), "--append", "quiet")).isEqualTo(Main.FAILED);
        assertThat(stderr.toString()).startsWith("lobos: " + text + " is not a kernel: no known kernel format");
    }

    @Test
    void conflictingOptionsAreUsageErrors() throws Exception {
        Path kernel = Files.write(dir.resolve("vmlinuz"), Synthetic.bzImage());
        assertThat(run("boot", kernel.toString(), "--append", "a", "--command-line", "b")).isEqualTo(Main.USAGE);
        assertThat(run("boot", kernel.toString(), "--reuse-cmdline", "--command-line", "b")).isEqualTo(Main.USAGE);
        assertThat(run("boot", kernel.toString(), "--exec", "--load-only")).isEqualTo(Main.USAGE);
        assertThat(run("boot")).isEqualTo(Main.USAGE);
        assertThat(stderr.toString()).contains("KERNEL is required unless --exec");
    }
}
