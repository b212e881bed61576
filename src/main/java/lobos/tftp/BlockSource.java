package lobos.tftp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import lobos.tftp.TftpPacket.Mode;

/**
 * The bytes a transfer sends, readable at any offset, because a window may have to be
 * resent from any of its blocks. Files are read in place; netascii text is converted in memory.
 */
abstract sealed class BlockSource implements Closeable {
    /** Netascii conversion happens in memory: larger text files are refused. */
    static final long MAX_NETASCII = 64L << 20;

    abstract long size();

    /** Fills {@code dst} from {@code offset}; fewer bytes only at the end. */
    abstract void read(long offset, ByteBuffer dst) throws IOException;

    static BlockSource open(TftpContent content, Mode mode) throws IOException {
        if (mode == Mode.NETASCII) {
            byte[] text = switch (content) {
                case TftpContent.Bytes b -> b.data();
                case TftpContent.FileContent f -> {
                    if (Files.size(f.path()) > MAX_NETASCII) {
                        throw new TftpException(f.path().getFileName() + " is too large for netascii mode",
                                "request it in octet (binary) mode");
                    }
                    yield Files.readAllBytes(f.path());
                }
            };
            return new InMemory(Netascii.encode(text));
        }
        return switch (content) {
            case TftpContent.Bytes b -> new InMemory(b.data());
            case TftpContent.FileContent f -> new InFile(FileChannel.open(f.path(), StandardOpenOption.READ));
        };
    }

    static final class InMemory extends BlockSource {
        private final byte[] data;

        InMemory(byte[] data) {
            this.data = data;
        }

        @Override
        long size() {
            return data.length;
        }

        @Override
        void read(long offset, ByteBuffer dst) {
            int n = (int) Math.max(0, Math.min(dst.remaining(), data.length - offset));
            dst.put(data, (int) offset, n);
        }

        @Override
        public void close() {}
    }

    static final class InFile extends BlockSource {
        private final FileChannel channel;
        private final long size;

        InFile(FileChannel channel) throws IOException {
            this.channel = channel;
            this.size = channel.size(); // the size announced in tsize and used for the last block
        }

        @Override
        long size() {
            return size;
        }

        @Override
        void read(long offset, ByteBuffer dst) throws IOException {
            dst.limit((int) Math.min(dst.limit(), dst.position() + Math.max(0, size - offset)));
            long at = offset;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, at);
                if (n < 0) throw new IOException("the file shrank while it was being sent");
                at += n;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
