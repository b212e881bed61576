package lobos.tftp;

import java.nio.file.Path;

/** What the server sends for a name: bytes made on the fly, or a file. */
public sealed interface TftpContent {
    record Bytes(byte[] data) implements TftpContent {}

    record FileContent(Path path) implements TftpContent {}

    static TftpContent of(byte[] data) {
        return new Bytes(data);
    }

    static TftpContent of(Path path) {
        return new FileContent(path);
    }
}
