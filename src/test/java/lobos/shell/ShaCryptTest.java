package lobos.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lobos.LobosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** lobos's SHA-crypt against OpenSSL's and mkpasswd's, computed here by those programs. */
class ShaCryptTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "6|saltstring|Hello world!",
        "5|saltstring|Hello world!",
        "6|ab|x",
        "6|0123456789abcdef|a password longer than sixty-four bytes, so that B is added more than once.",
        "5|0123456789abcdef|a password longer than thirty-two bytes goes round",
        "6|s|pässwörd ünicode",
    })
    void sameAsOpenssl(int variant, String salt, String password) throws Exception {
        String expected = run("openssl", "passwd", "-" + variant, "-salt", salt, password);
        assertThat(ShaCrypt.crypt(password, variant, -1, salt)).isEqualTo(expected);
        assertThat(ShaCrypt.matches(password, expected)).isTrue();
        assertThat(ShaCrypt.matches(password + "x", expected)).isFalse();
    }

    @Test
    void roundsAsMkpasswdWritesThem() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mkpasswd")), "mkpasswd: apt-get install whois");
        String expected = run("mkpasswd", "-m", "sha-512", "-R", "10000", "-S", "saltstringsaltst", "Hello world!");
        assertThat(expected).startsWith("$6$rounds=10000$");
        assertThat(ShaCrypt.crypt("Hello world!", 6, 10000, "saltstringsaltst")).isEqualTo(expected);
        assertThat(ShaCrypt.matches("Hello world!", expected)).isTrue();
    }

    @Test
    void aNewHashChecksAndIsSaltedEachTime() throws Exception {
        String a = ShaCrypt.hash("secret", ShaCrypt.DEFAULT_ROUNDS);
        String b = ShaCrypt.hash("secret", ShaCrypt.DEFAULT_ROUNDS);
        assertThat(a).startsWith("$6$").isNotEqualTo(b);
        assertThat(ShaCrypt.matches("secret", a)).isTrue();
        assertThat(ShaCrypt.matches("Secret", a)).isFalse();
        // OpenSSL agrees: the same salt gives the same hash
        String salt = a.split("\\$")[2];
        assertThat(run("openssl", "passwd", "-6", "-salt", salt, "secret")).isEqualTo(a);
    }

    @Test
    void refusesWhatItCannotCheck() {
        assertThatThrownBy(() -> ShaCrypt.parse("$1$abc$def")).isInstanceOf(LobosException.class)
                .hasMessageContaining("MD5");
        assertThatThrownBy(() -> ShaCrypt.parse("secret")).isInstanceOf(LobosException.class)
                .hasMessageContaining("not a SHA-crypt hash");
        assertThatThrownBy(() -> ShaCrypt.parse("$6$salt$short")).isInstanceOf(LobosException.class)
                .hasMessageContaining("digest has 5 characters");
        assertThatThrownBy(() -> ShaCrypt.matches("x", "$6$rounds=999999999$salt$" + "a".repeat(86)))
                .isInstanceOf(LobosException.class).hasMessageContaining("rounds");
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
