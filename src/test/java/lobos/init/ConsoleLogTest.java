package lobos.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console's log: kept for the shell's log command, held back while the full-screen menu is drawn. */
class ConsoleLogTest {
    @Test
    void linesWrittenWhileTheMenuIsUpComeWhenItLeavesAndAreLoggedAtOnce() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ConsoleLog log = new ConsoleLog(console);
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        out.println("lobos ready");
        log.hold(true);
        out.println("lobos: new device sda1: vfat LABEL=STICK");
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("lobos ready\n");
        assertThat(log.lines()).containsExactly("lobos ready", "lobos: new device sda1: vfat LABEL=STICK");
        log.hold(false);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .isEqualTo("lobos ready\nlobos: new device sda1: vfat LABEL=STICK\n");
        out.println("after");
        assertThat(console.toString(StandardCharsets.UTF_8)).endsWith("STICK\nafter\n");
    }

    @Test
    void aNotedLineIsLoggedAndLeftForTheNextKernelButNotWrittenAgain() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ConsoleLog log = new ConsoleLog(console);
        log.note("lobos: booting probe: //boot/vmlinuz");
        assertThat(console.size()).isZero();
        assertThat(log.lines()).containsExactly("lobos: booting probe: //boot/vmlinuz");
        assertThat(lobos.kexec.SessionLog.lines()).contains("lobos: booting probe: //boot/vmlinuz");
    }

    @Test
    void whatIsHeldIsBounded() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ConsoleLog log = new ConsoleLog(console);
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        log.hold(true);
        String line = "x".repeat(99);
        for (int i = 0; i < 2000; i++) out.println(line);
        log.hold(false);
        assertThat(console.size()).isEqualTo(ConsoleLog.MAX_HELD);
        assertThat(log.lines()).hasSize(2000);
    }
}
