package lobos.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import lobos.LobosException;
import lobos.shell.Loader;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;

/**
 * SSH into the loader (MINA SSHD): a session with a PTY gets the same full-screen menu and boot
 * shell as the console; a command ({@code ssh root@node boot LABEL}, {@code list --json}) runs
 * as one shell line and returns its status. Only the keys in {@code authorized_keys} log in
 * (ed25519, ecdsa, rsa), only as root; no passwords. Every session shares the one {@link Loader},
 * so all see the same menu as disks come and go.
 */
public final class LoaderSshd implements AutoCloseable {
    /** The host keys lobos looks for, in its SSH directory, as OpenSSH names them. */
    public static final List<String> HOST_KEYS = List.of("ssh_host_ed25519_key", "ssh_host_ecdsa_key", "ssh_host_rsa_key");

    /**
     * Where and how to listen.
     *
     * @param address        where to listen (0.0.0.0:22 in the loader)
     * @param authorizedKeys the OpenSSH authorized_keys file
     * @param hostKeys       the host key files that exist (OpenSSH private keys without passphrase)
     * @param title          the menu's first line ("lobos 0.2.0 on node7")
     */
    public record Config(InetSocketAddress address, Path authorizedKeys, List<Path> hostKeys, String title) {
        public Config {
            hostKeys = List.copyOf(hostKeys);
        }

        /**
         * The loader's configuration: {@code authorized_keys} where kboot.conf's
         * {@code authorized_keys=} says or in {@code sshDir}, host keys in {@code sshDir}
         * ({@code /etc/lobos}), port 22 on every address. Empty when there is no authorized_keys
         * file: SSH is then off, as nobody could log in.
         */
        public static java.util.Optional<Config> of(Path sshDir, String authorizedKeysSetting, String title) {
            Path keys = authorizedKeysSetting == null || authorizedKeysSetting.isBlank()
                    ? sshDir.resolve("authorized_keys")
                    : Path.of(authorizedKeysSetting.replaceFirst("^//", "/"));
            if (!Files.isRegularFile(keys)) return java.util.Optional.empty();
            List<Path> hostKeys = new ArrayList<>();
            for (String name : HOST_KEYS) {
                if (Files.isRegularFile(sshDir.resolve(name))) hostKeys.add(sshDir.resolve(name));
            }
            return java.util.Optional.of(new Config(new InetSocketAddress(22), keys, hostKeys, title));
        }
    }

    private final SshServer server;

    private LoaderSshd(SshServer server) {
        this.server = server;
    }

    /**
     * Starts listening.
     *
     * @param log told about a missing host key (then a key is made for this boot only)
     */
    public static LoaderSshd start(Loader loader, Config config, Consumer<String> log) throws IOException {
        if (!Files.isRegularFile(config.authorizedKeys())) {
            throw new LobosException("no " + config.authorizedKeys() + ": nobody could log in over SSH",
                    "put the public keys allowed in the config directory's authorized_keys");
        }
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(config.address().getHostString());
        server.setPort(config.address().getPort());
        if (config.hostKeys().isEmpty()) {
            log.accept("ssh: no host key in the image; using one made for this boot only (mkimage keeps one when"
                    + " the config directory has authorized_keys)");
            server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        } else {
            server.setKeyPairProvider(new FileKeyPairProvider(config.hostKeys()));
        }
        AuthorizedKeysAuthenticator keys = new AuthorizedKeysAuthenticator(config.authorizedKeys()) {
            @Override
            public boolean authenticate(String username, PublicKey key, ServerSession session) {
                return "root".equals(username) && super.authenticate(username, key, session);
            }
        };
        server.setPublickeyAuthenticator(keys);
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setShellFactory(channel -> new ShellChannel(loader, config.title()));
        server.setCommandFactory((channel, command) -> new ExecChannel(loader, command));
        server.start();
        return new LoaderSshd(server);
    }

    /** The port listened on (the one chosen when the config said 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
