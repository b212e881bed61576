package lobos.initramfs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The bytes of a file in an initramfs, or of one initrd: held in memory or read from a host
 * file when the archive is written, so a 60 MiB image is streamed rather than held whole.
 */
public sealed interface Content {
    /** Number of bytes. */
    long size();

    /** Opens the bytes for reading; a host file that changed size since it was added is an error. */
    InputStream open() throws IOException;

    /** A name for messages: the host path, or "N bytes in memory". */
    String describe();

    static Content of(byte[] data) {
        return new Bytes(data.clone());
    }

    /**
     * A host file (a symlink is followed, as cp does); its size is taken now and checked again
     * when the bytes are read.
     */
    static Content of(Path hostFile) {
        try {
            if (!Files.isRegularFile(hostFile)) {
                throw new InitramfsException(hostFile + " is not a regular file", "name a file, not a directory or device");
            }
            return new HostFile(hostFile, Files.size(hostFile));
        } catch (IOException e) {
            throw new InitramfsException("cannot read " + hostFile + ": " + e, "check that the file exists and is readable", e);
        }
    }

    /**
     * Streams exactly {@link #size()} bytes to {@code out}. A file that changed size, or that
     * cannot be read (its disk went away), is an {@link InitramfsException}; what {@code out}
     * throws passes unchanged.
     */
    default void writeTo(OutputStream out) throws IOException {
        try (InputStream in = openForReading()) {
            byte[] buffer = new byte[65536];
            long left = size();
            while (left > 0) {
                int n = read(in, buffer, (int) Math.min(buffer.length, left), size() - left);
                if (n < 0) throw changed(size() - left);
                out.write(buffer, 0, n);
                left -= n;
            }
            if (read(in, buffer, 1, size()) > 0) throw changed(size() + 1);
        }
    }

    private InputStream openForReading() {
        try {
            return open();
        } catch (IOException e) {
            throw unreadable(e, 0);
        }
    }

    private int read(InputStream in, byte[] buffer, int length, long done) {
        try {
            return in.read(buffer, 0, length);
        } catch (IOException e) {
            throw unreadable(e, done);
        }
    }

    private InitramfsException unreadable(IOException e, long done) {
        return new InitramfsException("cannot read " + describe() + " after " + done + " of " + size() + " bytes: " + e.getMessage(),
                "its disk or file system may have gone away, or it was removed: check it and try again", e);
    }

    /** True if both hold the same bytes. */
    default boolean sameBytes(Content other) {
        if (size() != other.size()) return false;
        if (this instanceof Bytes(byte[] a) && other instanceof Bytes(byte[] b)) return Arrays.equals(a, b);
        try (InputStream a = open(); InputStream b = other.open()) {
            byte[] x = new byte[65536];
            byte[] y = new byte[65536];
            while (true) {
                int n = a.readNBytes(x, 0, x.length);
                int m = b.readNBytes(y, 0, y.length);
                if (n != m || !Arrays.equals(x, 0, n, y, 0, m)) return false;
                if (n < x.length) return true;
            }
        } catch (IOException e) {
            throw new InitramfsException("cannot compare " + describe() + " with " + other.describe() + ": " + e,
                    "check that the files exist and are readable", e);
        }
    }

    private InitramfsException changed(long actual) {
        return new InitramfsException(describe() + " changed while lobos read it: " + size() + " bytes expected, "
                + (actual > size() ? "more" : actual) + " read",
                "a file must not change while lobos reads it (or its disk went away): check it and try again");
    }

    /** Bytes in memory. */
    record Bytes(byte[] data) implements Content {
        @Override
        public long size() {
            return data.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(data);
        }

        @Override
        public String describe() {
            return data.length + " bytes in memory";
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(data);
        }
    }

    /** A host file of the given size. */
    record HostFile(Path path, long size) implements Content {
        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public String describe() {
            return path.toString();
        }
    }
}
