package lobos.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mkimage's host key: made once when SSH is configured, then kept; OpenSSH reads it. */
class HostKeyTest {
    @TempDir
    Path dir;

    @Test
    void madeOnceWhenSshIsConfiguredAndKept() throws Exception {
        List<String> log = new ArrayList<>();
        assertThat(HostKey.ensure(dir, log::add)).isNull(); // no authorized_keys: no SSH, no key
        Files.writeString(dir.resolve("authorized_keys"), "");
        Path key = HostKey.ensure(dir, log::add);
        assertThat(key).isEqualTo(dir.resolve("ssh_host_ed25519_key"));
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        byte[] first = Files.readAllBytes(key);
        assertThat(HostKey.ensure(dir, log::add)).isNull(); // the next build keeps it
        assertThat(Files.readAllBytes(key)).isEqualTo(first);
        assertThat(log).hasSize(1);
        // OpenSSH reads the private key and derives the same public key
        Process p = new ProcessBuilder("ssh-keygen", "-y", "-f", key.toString()).redirectErrorStream(true).start();
        String derived = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(derived).isZero();
        String pub = Files.readString(dir.resolve("ssh_host_ed25519_key.pub")).strip();
        assertThat(pub).startsWith("ssh-ed25519 ");
        assertThat(derived.split(" ")[1]).isEqualTo(pub.split(" ")[1]);
    }
}
