package lobos.tftp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;
import lobos.tftp.TftpPacket.Mode;

/**
 * The bytes a transfer sends, readable at any offset from the last acknowledged one on, because
 * a window may have to be resent from any of its blocks. Octet files are read in place;
 * netascii text is converted on the fly (never held whole), from checkpoints at the blocks
 * not yet acknowledged.
 */
abstract sealed class BlockSource implements Closeable {
    abstract long size();

    /** Fills {@code dst} from {@code offset}; fewer bytes only at the end. */
    abstract void read(long offset, ByteBuffer dst) throws IOException;

    /** Everything before {@code offset} is acknowledged: it will not be read again. */
    void acknowledged(long offset) {}

    static BlockSource open(TftpContent content, Mode mode) throws IOException {
        Raw raw = switch (content) {
            case TftpContent.Bytes b -> new InMemory(b.data());
            case TftpContent.FileContent f -> new InFile(FileChannel.open(f.path(), StandardOpenOption.READ));
        };
        if (mode != Mode.NETASCII) return raw;
        try {
            return new NetasciiText(raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The bytes as they are (octet mode), and the input of a netascii conversion. */
    abstract static sealed class Raw extends BlockSource {}

    static final class InMemory extends Raw {
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

    static final class InFile extends Raw {
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

    /**
     * Netascii ({@link Netascii}) made while sending: one output byte or two per input byte, so
     * an output offset has no fixed input offset. Each read records where it started (output
     * offset, input offset, a pending second byte); a resend goes back to such a checkpoint and
     * converts forward from there. Checkpoints before the acknowledged offset are dropped, so
     * at most a window's worth are kept. The size (for tsize and the last block) takes one
     * counting pass over the input.
     */
    static final class NetasciiText extends BlockSource {
        private static final int CHUNK = 64 << 10;

        /** Where a read started: enough to convert forward from there again. */
        private record Checkpoint(long in, int pending) {}

        private final Raw input;
        private final long size;
        private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        private long chunkStart;
        private long in; // the next input byte to convert
        private long out; // the output offset of the next byte made
        private int pending = -1; // the second byte of a pair already begun, or -1
        private final TreeMap<Long, Checkpoint> checkpoints = new TreeMap<>();

        NetasciiText(Raw input) throws IOException {
            this.input = input;
            this.size = input.size() + lineEnds(input);
            chunk.limit(0);
        }

        /** The bytes that become two: every LF (CR LF) and every CR (CR NUL). */
        private static long lineEnds(Raw input) throws IOException {
            var buffer = ByteBuffer.allocate(CHUNK);
            long count = 0;
            for (long at = 0; at < input.size(); at += buffer.limit()) {
                buffer.clear();
                input.read(at, buffer);
                buffer.flip();
                if (!buffer.hasRemaining()) break;
                for (int i = 0; i < buffer.limit(); i++) {
                    byte b = buffer.get(i);
                    if (b == '\n' || b == '\r') count++;
                }
            }
            return count;
        }

        @Override
        long size() {
            return size;
        }

        @Override
        void read(long offset, ByteBuffer dst) throws IOException {
            if (offset != out) seek(offset);
            checkpoints.put(out, new Checkpoint(in, pending));
            while (dst.hasRemaining() && out < size) dst.put(next());
        }

        @Override
        void acknowledged(long offset) {
            Long keep = checkpoints.floorKey(offset);
            if (keep != null) checkpoints.headMap(keep).clear();
        }

        private void seek(long offset) throws IOException {
            if (offset < out) {
                var from = checkpoints.floorEntry(offset);
                if (from == null) throw new IllegalStateException("netascii offset " + offset + " is before the acknowledged data");
                out = from.getKey();
                in = from.getValue().in();
                pending = from.getValue().pending();
            }
            while (out < offset && out < size) next();
        }

        private byte next() throws IOException {
            out++;
            if (pending >= 0) {
                byte b = (byte) pending;
                pending = -1;
                return b;
            }
            byte b = rawAt(in++);
            int second = Netascii.secondByte(b);
            if (second < 0) return b;
            pending = second;
            return '\r';
        }

        private byte rawAt(long at) throws IOException {
            if (at < chunkStart || at >= chunkStart + chunk.limit()) {
                chunk.clear();
                input.read(at, chunk);
                chunk.flip();
                chunkStart = at;
                if (!chunk.hasRemaining()) throw new IOException("the file shrank while it was being sent");
            }
            return chunk.get((int) (at - chunkStart));
        }

        @Override
        public void close() throws IOException {
            input.close();
        }
    }
}
