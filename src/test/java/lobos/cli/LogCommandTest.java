package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCommandTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void printsTheLoaderSessionFromPstore() throws Exception {
        Path pstore = Files.createDirectories(dir.resolve("sys/fs/pstore"));
        Files.writeString(pstore.resolve("pmsg-ramoops-0"), "lobos: loader session: lobos\nlobos: booting probe\n");
        Files.writeString(pstore.resolve("console-ramoops-0"), "[    1.0] kexec_core: Starting new kernel\n");
        assertThat(cli.run("log", "--previous", "--root", dir.toString())).isEqualTo(Main.OK);
        assertThat(cli.out()).isEqualTo("""
                == %s ==
                lobos: loader session: lobos
                lobos: booting probe

                == %s ==
                [    1.0] kexec_core: Starting new kernel

                """.formatted(pstore.resolve("pmsg-ramoops-0"), pstore.resolve("console-ramoops-0")));
    }

    @Test
    void nothingThereIsAFailureWithAHintAndNoPreviousIsUsage() {
        assertThat(cli.run("log", "--previous", "--root", dir.toString())).isEqualTo(Main.FAILED);
        assertThat(cli.run("log")).isEqualTo(Main.USAGE);
    }
}
