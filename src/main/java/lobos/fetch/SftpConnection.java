package lobos.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import lobos.path.Location;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * One SSH connection with an SFTP channel, logged in. It has an {@link SshClient} of its own:
 * MINA starts I/O and timer threads per client, and {@link #close()} stops them all, which
 * matters in a loader that runs for as long as the machine is up.
 */
final class SftpConnection implements AutoCloseable {
    /**
     * How many bytes the server may send ahead. MINA's default, 2 MiB, left the connection idle
     * part of the time on loopback; 8 MiB moved about 1.5x as many bytes per second.
     */
    static final int WINDOW = 8 << 20;

    private final Location.Url url;
    private final String where;
    private final Duration timeout;
    private final SshClient client;
    private ClientSession session;
    private SftpClient sftp;

    private SftpConnection(Location.Url url, Duration timeout, SshClient client) {
        this.url = url;
        this.where = url.host().contains(":") ? "[" + url.host() + "]:" + url.effectivePort()
                : url.host() + ":" + url.effectivePort();
        this.timeout = timeout;
        this.client = client;
    }

    /** Connects, checks the host key, logs in with the keys in the SSH directory or the URL's password. */
    static SftpConnection open(Location.Url url, FetchOptions options, PrintStream warnings) throws FetchException {
        List<SshKeys.Identity> keys = SshKeys.load(options.sshDir());
        HostKeyCheck hostKey = HostKeyCheck.load(url.host(), url.effectivePort(), options, warnings);
        InetAddress address;
        try {
            address = InetAddress.getByName(url.host());
        } catch (UnknownHostException e) {
            // transient: at boot the name server may not answer yet
            throw new FetchException("cannot resolve " + url.host() + " for " + url.redacted(),
                    "check the host name and the name server, or give an IP address", true, e);
        }
        SshClient client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY); // no ~/.ssh/config
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER); // no ~/.ssh/id_*
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
        client.setServerKeyVerifier(hostKey);
        Set<String> knownTypes = hostKey.knownTypes();
        client.setSignatureFactories(
                first(client.getSignatureFactories(), f -> knownTypes.contains(KeyUtils.getCanonicalKeyType(f.getName()))));
        Duration timeout = options.timeout();
        CoreModuleProperties.IDLE_TIMEOUT.set(client, timeout); // also bounds each wait for an SFTP reply
        SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(client, timeout);
        CoreModuleProperties.WINDOW_SIZE.set(client, (long) WINDOW);
        // MINA's cipher order stays (chacha20-poly1305 first, its own Java code): the boot image's
        // JVM runs C1 only, which does not use the CPU's AES-GCM instructions; there chacha20 was
        // 2.5x as fast as aes128-gcm, while with C2 aes128-gcm was 1.5-2x as fast
        SftpConnection c = new SftpConnection(url, timeout, client);
        try {
            client.start();
            c.login(address, keys, hostKey, options.sshDir());
            c.sftp = SftpClientFactory.instance().createSftpClient(c.session);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            if (e instanceof FetchException fe) throw fe;
            throw c.failure("opening an SFTP channel", e);
        }
    }

    private void login(InetAddress address, List<SshKeys.Identity> keys, HostKeyCheck hostKey, Path sshDir)
            throws IOException {
        String user = url.user() != null ? url.user() : "root";
        ConnectFuture connecting = client.connect(user, address.getHostAddress(), url.effectivePort());
        if (!connecting.await(timeout)) {
            connecting.cancel();
            throw timedOut("connecting");
        }
        if (connecting.getException() != null) throw failure("connecting", connecting.getException());
        session = connecting.getClientSession();
        for (SshKeys.Identity key : keys) session.addPublicKeyIdentity(key.pair());
        if (url.password() != null) session.addPasswordIdentity(url.password());
        AuthFuture auth = session.auth();
        boolean done = auth.await(timeout);
        if (hostKey.refusal() != null) throw hostKey.refusal();
        if (!done) throw timedOut("logging in");
        if (auth.isSuccess()) return;
        Throwable e = auth.getException();
        if (e instanceof SshException se && se.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
            throw refused(user, keys, sshDir);
        }
        throw failure("logging in", e);
    }

    private FetchException refused(String user, List<SshKeys.Identity> keys, Path sshDir) {
        String tried = keys.stream().map(k -> k.file().getFileName().toString()).distinct()
                .collect(Collectors.joining(", "));
        String what = (keys.isEmpty() ? "no key" : "none of the keys " + tried)
                + (url.password() != null ? " and not the password" : " and no password");
        String authorize = " to ~" + user + "/.ssh/authorized_keys on the server, or check the user name"
                + (url.password() != null ? " and the password" : "");
        String hint = keys.isEmpty()
                ? "make a key (ssh-keygen -t ed25519 -N '' -f " + (sshDir == null ? "<ssh dir>" : sshDir)
                        + "/id_ed25519) and add its .pub" + authorize
                : "add " + keys.getFirst().file() + ".pub" + authorize;
        return new FetchException(where + " refused user " + user + ": it accepted " + what, hint, false);
    }

    SftpClient sftp() {
        return sftp;
    }

    Duration timeout() {
        return timeout;
    }

    /** The server did not answer within the timeout (transient). */
    FetchException timedOut(String doing) {
        return new FetchException("no answer from " + where + " within " + timeout.toSeconds() + " s while " + doing
                + " (" + url.redacted() + ")", "check that the server is up and reachable", true);
    }

    /**
     * A fetch exception for {@code e}: the server's SFTP status for a file (no such file,
     * permission denied) is final; a connection that failed, was reset or timed out is
     * transient. (The caller knows best whether the server went quiet: see {@link #timedOut}.)
     */
    FetchException failure(String doing, Throwable e) {
        if (e instanceof FetchException fe) return fe;
        if (Thread.currentThread().isInterrupted()) {
            return new FetchException("interrupted while " + doing + " (" + url.redacted() + ")", null, false, e);
        }
        if (e instanceof SftpException se) {
            return switch (se.getStatus()) {
                case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH -> new NotFoundException(
                        url.redacted() + ": no such file on " + where, "check the path (lobos ls lists a directory)");
                case SftpConstants.SSH_FX_PERMISSION_DENIED -> new FetchException(url.redacted() + ": permission denied",
                        "the user " + (url.user() != null ? url.user() : "root")
                                + " may not read it on the server: check the file's owner and mode", false, e);
                // the server's side of the connection broke: worth another try
                case SftpConstants.SSH_FX_NO_CONNECTION, SftpConstants.SSH_FX_CONNECTION_LOST -> new FetchException(
                        url.redacted() + ": the server lost its connection while " + doing, null, true, e);
                default -> new FetchException(url.redacted() + ": the server failed while " + doing + ": "
                        + se.getMessage(), null, false, e);
            };
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new FetchException("cannot connect to " + where + ": " + t.getMessage() + " (" + url.redacted()
                        + ")", "check that an SSH server runs there", true, e);
            }
            if (t instanceof InterruptedIOException) return timedOut(doing);
        }
        return new FetchException("the connection to " + where + " failed while " + doing + ": " + describe(e)
                + " (" + url.redacted() + ")", null, true, e);
    }

    /** The innermost cause in a few words: MINA's own messages name its internal objects. */
    private static String describe(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
            root = root.getCause();
        }
        if (root instanceof ClosedChannelException || root instanceof EOFException) return "the connection was closed";
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /** {@code all} with those that {@code preferred} accepts first, each part in its own order. */
    private static <T> List<T> first(List<T> all, Predicate<T> preferred) {
        List<T> first = new ArrayList<>();
        List<T> rest = new ArrayList<>();
        for (T t : all) (preferred.test(t) ? first : rest).add(t);
        first.addAll(rest);
        return first;
    }

    @Override
    public void close() {
        try {
            if (sftp != null) sftp.close();
        } catch (IOException e) {
            // the session goes next anyway
        }
        if (session != null) session.close(true);
        client.stop();
    }
}
