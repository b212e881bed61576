package lobos.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a kexec_load segment holds: bytes in the heap (entry code, boot information, a kernel's
 * pieces) or a file (an initrd, a Multiboot module), which {@link Kernel#kexecLoad} maps for the
 * call so that the kernel copies it from the page cache: a large initrd never passes through the
 * heap.
 */
public sealed interface SegmentData {
    long size();

    /** The whole content, read into the heap (tests, and a recording that outlives the file). */
    byte[] read();

    record Bytes(byte[] bytes) implements SegmentData {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public byte[] read() {
            return bytes;
        }
    }

    /** The first {@code size} bytes of {@code file}, measured when the image was laid out. */
    record File(Path file, long size) implements SegmentData {
        @Override
        public byte[] read() {
            try {
                byte[] all = Files.readAllBytes(file);
                return all.length == size ? all : java.util.Arrays.copyOf(all, (int) size);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static SegmentData of(byte[] bytes) {
        return new Bytes(bytes);
    }

    static SegmentData of(Path file) throws IOException {
        return new File(file, Files.size(file));
    }
}
