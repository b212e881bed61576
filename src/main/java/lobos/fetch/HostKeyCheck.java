package lobos.fetch;

import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * Checks an SSH server's host key against the loader's {@code known_hosts}. A key that is not
 * listed, or that differs from the listed one, is refused, and {@link #refusal()} then says why
 * with the key's fingerprint and the line to add; with {@code insecure} any key is accepted with
 * a warning.
 */
final class HostKeyCheck implements ServerKeyVerifier {
    private static final long MAX_FILE = 16 << 20;

    private final String host;
    private final int port;
    private final Path file;
    private final KnownHosts known;
    private final boolean insecure;
    private final PrintStream warnings;
    private volatile FetchException refusal;

    private HostKeyCheck(String host, int port, Path file, KnownHosts known, boolean insecure, PrintStream warnings) {
        this.host = host;
        this.port = port;
        this.file = file;
        this.known = known;
        this.insecure = insecure;
        this.warnings = warnings;
    }

    /** Reads {@code <sshDir>/known_hosts}; a missing file (or no sshDir) lists no host. */
    static HostKeyCheck load(String host, int port, FetchOptions options, PrintStream warnings) throws FetchException {
        Path file = options.sshDir() == null ? null : options.sshDir().resolve("known_hosts");
        KnownHosts known = new KnownHosts(List.of());
        if (file != null && Files.exists(file)) {
            try {
                if (Files.size(file) > MAX_FILE) {
                    throw new FetchException(file + " is larger than " + MAX_FILE + " bytes", "is it a known_hosts file?",
                            false);
                }
                known = KnownHosts.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new FetchException("cannot read " + file + ": " + e.getMessage(), null, false, e);
            }
        }
        return new HostKeyCheck(host, port, file, known, options.insecure(), warnings);
    }

    /** The key types known_hosts lists for this host, so the client can ask for one of them first. */
    Set<String> knownTypes() {
        return known.keyTypes(host, port);
    }

    /** Why the server's key was refused, or null if it was not. */
    FetchException refusal() {
        return refusal;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        ByteArrayBuffer buffer = new ByteArrayBuffer();
        buffer.putRawPublicKey(key);
        byte[] blob = buffer.getCompactData();
        KnownHosts.Verdict verdict = known.check(host, port, blob);
        if (verdict instanceof KnownHosts.Verdict.Known) return true;
        String where = host + ":" + port;
        String offered = KnownHosts.blobType(blob) + " " + KnownHosts.fingerprint(blob);
        if (insecure) {
            warnings.println("lobos: warning: not checking the host key of " + where + " (insecure): " + offered);
            return true;
        }
        String add = KnownHosts.line(host, port, blob);
        refusal = switch (verdict) {
            case KnownHosts.Verdict.Unknown u when file == null -> new FetchException(
                    "the host key of " + where + " (" + offered + ") cannot be checked: no SSH directory is set",
                    "give one with a known_hosts file (--ssh-dir) holding: " + add, false);
            case KnownHosts.Verdict.Unknown u -> new FetchException(
                    "the host key of " + where + " (" + offered + ") is not in " + file
                            + (u.otherTypes().isEmpty() ? "" : ", which lists only " + String.join(", ", u.otherTypes())
                                    + " keys for it"),
                    "if that is the server's key (on the server: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub),"
                            + " add this line to " + file + ": " + add + "; or skip the check with --insecure", false);
            case KnownHosts.Verdict.Changed c -> new FetchException(
                    "the host key of " + where + " changed: it offered " + offered + ", " + file + ":"
                            + c.listed().getFirst().line() + " lists "
                            + KnownHosts.fingerprint(c.listed().getFirst().key()),
                    "someone may be intercepting the connection, or the server was reinstalled; if the new key"
                            + " is right, replace line " + c.listed().getFirst().line() + " of " + file + " with: " + add,
                    false);
            case KnownHosts.Verdict.Revoked r -> new FetchException(
                    "the host key of " + where + " (" + offered + ") is marked @revoked in " + file + ":" + r.line(),
                    "the server needs a new host key", false);
            case KnownHosts.Verdict.Known k -> throw new IllegalStateException();
        };
        return false;
    }
}
