package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What of {@code lobos demo} runs without QEMU: its options, its help, reading the console. */
class DemoCommandTest {
    @Test
    void interactiveParsesInBothSpellingsAndIsOffByDefault() {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("-o", "out");
        assertThat(demo.interactive).isFalse();
        assertThat(demo.output).isEqualTo(Path.of("out"));
        new CommandLine(demo).parseArgs("--interactive");
        assertThat(demo.interactive).isTrue();
        DemoCommand shortForm = new DemoCommand();
        new CommandLine(shortForm).parseArgs("-i");
        assertThat(shortForm.interactive).isTrue();
    }

    @Test
    void helpSaysWhatInteractiveDoesAndHowToLeave() {
        var cl = Main.commandLine();
        var out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("demo", "--help")).isEqualTo(Main.OK);
        assertThat(out.toString()).contains("-i, --interactive", "serial console", "Ctrl-]", "arrow keys", "docs/shell.md");
    }

    @Test
    void theSummaryNamesTheEntryTheLoaderFoundOnTheDemoDisk() {
        String console = """
                lobos 0.1.0 on Linux 6.1.0-57-amd64 x86_64
                  kernel start to /init 2.80 s, Java running 7.08 s, lobos ready 9.27 s
                  probe (default)  [/etc/kboot.conf:9]
                  vda /boot/extlinux/extlinux.conf:
                    vda:syslinux:disk  "the probe, from the demo disk"  [vda LABEL=lobosdemo UUID=0f3c /boot/extlinux/extlinux.conf:4]
                """;
        assertThat(DemoCommand.discovered(console))
                .isEqualTo(" with vda:syslinux:disk found on the demo disk (vda LABEL=lobosdemo UUID=0f3c /boot/extlinux/extlinux.conf:4)");
        assertThat(DemoCommand.discovered("  probe (default)  [/etc/kboot.conf:9]\n")).isEmpty();
    }
}
