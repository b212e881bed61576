package lobos.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The loader's own SSH keys: {@code id_ed25519}, {@code id_ecdsa} and {@code id_rsa} in its SSH
 * directory, OpenSSH private keys without a passphrase (nobody is there to type one while a
 * machine boots).
 */
final class SshKeys {
    static final List<String> FILES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    /** A key and the file it came from (messages name the file). */
    record Identity(Path file, KeyPair pair) {}

    private SshKeys() {}

    /** The keys found in {@code dir}, in {@link #FILES} order; none if {@code dir} is null. */
    static List<Identity> load(Path dir) throws FetchException {
        List<Identity> keys = new ArrayList<>();
        if (dir == null) return keys;
        for (String name : FILES) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) continue;
            boolean[] asked = {false};
            FilePasswordProvider noPassphrase = (session, resource, retry) -> {
                asked[0] = true;
                return null;
            };
            try {
                for (KeyPair pair : SecurityUtils.getKeyPairResourceParser().loadKeyPairs(null, file, noPassphrase)) {
                    keys.add(new Identity(file, pair));
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                if (asked[0]) {
                    throw new FetchException("the SSH key " + file + " is protected by a passphrase",
                            "lobos cannot ask for one while it boots: give it a key of its own without one"
                                    + " (ssh-keygen -t ed25519 -N '' -f " + file + ")", false, e);
                }
                throw new FetchException("cannot read the SSH key " + file + ": " + e.getMessage(),
                        "it must be an OpenSSH private key as ssh-keygen writes it (ed25519, ecdsa or rsa)", false, e);
            }
        }
        return keys;
    }
}
