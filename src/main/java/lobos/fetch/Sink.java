package lobos.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Where fetched bytes go: a file (on disk, or in memory for a kernel that is about to be
 * loaded). A protocol that can resume (HTTP Range, FTP REST, SFTP offsets) continues from
 * {@link #size()}; one that cannot calls {@link #reset()} and starts again.
 */
public final class Sink {
    private final FileChannel channel;
    private final long limit;
    private String version;
    private volatile boolean expired;

    /**
     * @param limit the most bytes the sink takes; writing past it fails with a clear message
     *              (a check that a download fits in memory before it fills it)
     */
    public Sink(FileChannel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
    }

    /** Bytes received so far. */
    public long size() throws IOException {
        return channel.size();
    }

    public long limit() {
        return limit;
    }

    /** Forgets what was received, for a protocol that must start over. */
    public void reset() throws IOException {
        channel.truncate(0);
        channel.position(0);
        version = null;
    }

    /**
     * What identifies the version of the file the bytes came from (an HTTP ETag, an FTP size and
     * time), or null if unknown: a resume must not join the start of one version to the rest of
     * another when the file changes on the server between two attempts.
     */
    public String version() {
        return version;
    }

    public void version(String value) {
        version = value;
    }

    /** Fails before a transfer of {@code total} bytes starts if they will not fit. */
    public void expect(long total, String what) throws FetchException {
        if (total > limit) {
            throw new FetchException(what + " is " + total + " bytes, more than the " + limit + " this fetch may take",
                    "free memory, or raise the limit (--max-size)", false);
        }
    }

    /**
     * The download ran out of time: from now on every write fails, so an attempt that did not
     * stop when it was interrupted cannot add to the file after the caller has given up.
     */
    void expire() {
        expired = true;
    }

    public void write(byte[] data, int offset, int length) throws IOException {
        write(ByteBuffer.wrap(data, offset, length));
    }

    /** Appends what {@code data} holds from its position to its limit. */
    public void write(ByteBuffer data) throws IOException {
        if (expired) throw new FetchException("the download's deadline has passed", null, false);
        if (channel.size() + data.remaining() > limit) {
            throw new FetchException("the download passed " + limit + " bytes, more than this fetch may take",
                    "free memory, or raise the limit (--max-size)", false);
        }
        channel.position(channel.size());
        while (data.hasRemaining()) channel.write(data);
    }

    /** The sink as a stream, for libraries that write to one. */
    public OutputStream stream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                Sink.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Sink.this.write(b, off, len);
            }
        };
    }
}
