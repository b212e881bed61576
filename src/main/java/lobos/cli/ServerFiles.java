package lobos.cli;

import java.nio.file.Path;
import lobos.LobosException;

/**
 * What the manager's commands share: where the node file is, and whether this lobos has the
 * manager at all. The boot image leaves the manager (lobos.server and its libraries) out
 * (docs/server.md), so these commands say so instead of failing with a missing class.
 */
final class ServerFiles {
    /** The node file when --config is not given. */
    static final String DEFAULT_CONFIG = "/etc/lobos/server.yaml";

    private ServerFiles() {}

    /** Throws a clear error when the manager's classes or libraries are not on the class path. */
    static void requireManager() {
        for (String c : new String[] {"lobos.server.Manager", "org.yaml.snakeyaml.Yaml", "io.undertow.Undertow", "org.sqlite.JDBC"}) {
            try {
                Class.forName(c, false, ServerFiles.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new LobosException("the lobos manager is not part of this lobos (" + c + " is missing): the boot image"
                        + " leaves it out", "run lobos server, nodes and node on the manager node, from a full build (./lobos)");
            }
        }
    }

    static Path config(Path given) {
        return given != null ? given : Path.of(DEFAULT_CONFIG);
    }

    /** The node file (--config, or the default) read, once the manager is known to be here. */
    static lobos.server.NodeDirectory nodes(Path given) {
        requireManager();
        return new lobos.server.NodeDirectory(lobos.server.ServerConfigReader.read(config(given)));
    }
}
