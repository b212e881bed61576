package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void unknownOptionIsAUsageError() {
        var cl = Main.commandLine();
        var err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--no-such-option")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--no-such-option");
    }

    @Test
    void helpListsItself() {
        var cl = Main.commandLine();
        var out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--help")).isEqualTo(Main.OK);
        assertThat(out.toString()).contains("Usage: lobos");
    }
}
