package lobos.build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;
import java.util.function.Consumer;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * The loader's SSH host key. When the config directory lets someone in over SSH
 * ({@code authorized_keys}) and holds no host key, mkimage makes an ed25519 key there once, as
 * OpenSSH's {@code ssh_host_ed25519_key} and {@code .pub}; later builds copy it, so the loader
 * keeps its identity across rebuilds and a client's known_hosts stays valid.
 */
final class HostKey {
    /** The host keys the loader's SSH server reads, ed25519 first. */
    static final List<String> FILES = lobos.ssh.LoaderSshd.HOST_KEYS;
    private static final String COMMENT = "lobos host key";

    private HostKey() {}

    /** Makes {@code dir/ssh_host_ed25519_key} when SSH is configured and no host key is there; returns it, or null. */
    static Path ensure(Path dir, Consumer<String> log) throws IOException {
        if (!Files.isRegularFile(dir.resolve("authorized_keys"))) return null;
        for (String name : FILES) {
            if (Files.isRegularFile(dir.resolve(name))) return null;
        }
        Path key = dir.resolve(FILES.getFirst());
        Path pub = dir.resolve(FILES.getFirst() + ".pub");
        KeyPair pair;
        try {
            pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new BuildException("cannot make an ed25519 SSH host key: " + e.getMessage(),
                    "put one in the config directory: ssh-keygen -t ed25519 -N '' -f " + key, e);
        }
        Path tmp = Files.createTempFile(dir, ".ssh_host_key", "");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, COMMENT, null, out);
            }
            try (OutputStream out = Files.newOutputStream(pub)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePublicKey(pair, COMMENT, out);
            }
            Files.move(tmp, key);
        } catch (GeneralSecurityException e) {
            throw new BuildException("cannot write the SSH host key " + key + ": " + e.getMessage(), null, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
        log.accept("made the loader's SSH host key " + key + " (kept for later builds; its public key is " + pub + ")");
        return key;
    }
}
