package lobos.tftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Maps a requested file name to what the server sends: the hook through which a caller
 * serves files from a directory ({@link RootDirectory}) or makes them per client (the
 * manager node's per-node configs). Runs on the transfer's virtual thread.
 */
@FunctionalInterface
public interface TftpFiles {
    /**
     * The content for {@code name} as requested by {@code client}, or empty when there is no
     * such file (the client gets "file not found"). Throw {@link TftpException} to refuse
     * with an access violation; its message is sent to the client.
     */
    Optional<TftpContent> lookup(String name, InetSocketAddress client) throws IOException;

    /** Asks this mapping first and {@code next} for the names it does not know. */
    default TftpFiles orElse(TftpFiles next) {
        return (name, client) -> {
            var found = lookup(name, client);
            return found.isPresent() ? found : next.lookup(name, client);
        };
    }
}
