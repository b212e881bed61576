package lobos.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Read-only random access to the bytes of a device, a partition, an image file or an array:
 * what the probers and partition readers read from. Never writes.
 */
public interface BlockSource extends AutoCloseable {
    /** What this is, for messages: a device path, an image file, "partition 2 of /dev/sda". */
    String name();

    /** Size in bytes. */
    long size();

    /**
     * Reads exactly {@code length} bytes at {@code offset}.
     *
     * @throws StorageException if the range is not inside the source or reading fails
     */
    byte[] read(long offset, int length);

    @Override
    default void close() {}

    /** Whether {@code length} bytes at {@code offset} are inside the source. */
    default boolean has(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size() && length <= size() - offset;
    }

    /** The bytes from {@code offset} on, {@code length} long, as a source of its own (a partition). */
    default BlockSource slice(long offset, long length, String name) {
        if (!has(offset, length)) {
            throw new StorageException(name + ": range " + offset + "+" + length + " is outside " + name() + " (" + size() + " bytes)",
                    "the partition table points past the end of the disk: the disk or image may be truncated");
        }
        return new CheckedSource(name, length, (at, count) -> read(offset + at, count), () -> {});
    }

    static BlockSource of(byte[] bytes, String name) {
        return new CheckedSource(name, bytes.length, (offset, length) -> {
            byte[] out = new byte[length];
            System.arraycopy(bytes, (int) offset, out, 0, length);
            return out;
        }, () -> {});
    }

    /**
     * A channel as a source; {@code size} is passed in because a block device's channel may
     * report 0 (take it from /sys/class/block/NAME/size), or -1 to ask the channel. Closing the
     * source closes the channel.
     */
    static BlockSource of(SeekableByteChannel channel, long size, String name) throws IOException {
        long length = size >= 0 ? size : channel.size();
        return new CheckedSource(name, length, (offset, count) -> {
            ByteBuffer buffer = ByteBuffer.allocate(count);
            try {
                synchronized (channel) {
                    channel.position(offset);
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer) < 0) {
                            throw new StorageException(name + ": ends at byte " + (offset + buffer.position())
                                    + " but should have " + length + " bytes", "the device shrank or the image is truncated");
                        }
                    }
                }
            } catch (IOException e) {
                throw new StorageException(name + ": cannot read " + count + " bytes at offset " + offset + ": " + e.getMessage(),
                        "check the device (dmesg may say more)", e);
            }
            return buffer.array();
        }, () -> {
            try {
                channel.close();
            } catch (IOException e) {
                // read-only: closing cannot lose anything
            }
        });
    }

    /** Opens a file or device read-only. {@code size} as in {@link #of(SeekableByteChannel, long, String)}. */
    static BlockSource open(Path file, long size) {
        try {
            return of(FileChannel.open(file, StandardOpenOption.READ), size, file.toString());
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
            throw new StorageException("cannot open " + file + " for reading: " + why,
                    "run as root to read devices, or check the path", e);
        }
    }
}
