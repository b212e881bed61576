package lobos.server;

import java.nio.file.Path;
import lobos.LobosException;

/** The node file is wrong at a line: FILE:LINE: what is wrong. The server keeps its last good config. */
public final class ServerConfigException extends LobosException {
    private final Path file;
    private final int line;

    public ServerConfigException(Path file, int line, String what) {
        super(file + (line > 0 ? ":" + line : "") + ": " + what, "fix the node file (docs/server.md describes every key)");
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based; 0 when the error is about the whole file. */
    public int line() {
        return line;
    }
}
