package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import lobos.shell.ShaCrypt;
import org.junit.jupiter.api.Test;

/** lobos passwd: a hash OpenSSL agrees with, and its refusals. */
class PasswdCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(String stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            var cl = Main.commandLine();
            var out = new StringWriter();
            var err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            String[] all = new String[args.length + 1];
            all[0] = "passwd";
            System.arraycopy(args, 0, all, 1, args.length);
            return new Run(cl.execute(all), out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void hashesTheFirstLineOfStdin() throws Exception {
        Run r = run("correct horse\nignored\n", "--stdin");
        assertThat(r.code()).isEqualTo(Main.OK);
        String hash = r.out().strip();
        assertThat(hash).matches("\\$6\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{86}");
        String salt = hash.split("\\$")[2];
        Process p = new ProcessBuilder("openssl", "passwd", "-6", "-salt", salt, "correct horse").start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(hash);
        assertThat(ShaCrypt.matches("correct horse", hash)).isTrue();
    }

    @Test
    void roundsGoIntoTheHash() {
        Run r = run("pw\n", "--stdin", "--rounds", "10000");
        assertThat(r.out()).startsWith("$6$rounds=10000$");
        assertThat(ShaCrypt.matches("pw", r.out().strip())).isTrue();
    }

    @Test
    void refusals() {
        assertThat(run("pw\n", "--stdin", "--rounds", "10").code()).isEqualTo(Main.USAGE);
        Run empty = run("\n", "--stdin");
        assertThat(empty.code()).isEqualTo(Main.FAILED);
        assertThat(empty.err()).contains("lobos: empty password");
        Run none = run("", "--stdin");
        assertThat(none.err()).contains("lobos: no password on standard input");
        // tests run without a terminal: without --stdin there is nothing to read a password from
        Run noTerminal = run("pw\n");
        assertThat(noTerminal.code()).isEqualTo(Main.FAILED);
        assertThat(noTerminal.err()).contains("no terminal to read the password from").contains("--stdin");
    }
}
