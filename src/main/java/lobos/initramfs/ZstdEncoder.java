package lobos.initramfs;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * zstd output through the reference library (zstd-jni). A class of its own so that only
 * {@code lobos mkimage} on a host links it: the boot image leaves zstd-jni out
 * ({@code lobos.host-only}), and a class naming its types could not be verified there.
 */
final class ZstdEncoder {
    /**
     * Level 19, the highest before the "ultra" levels, whose windows of 32 MiB and more the
     * kernel would have to allocate while it unpacks; at 19 the window is 8 MiB, as xz's
     * dictionary. One thread: the output is then the same bytes for the same input.
     */
    static final int LEVEL = 19;

    private ZstdEncoder() {}

    /** A stream that compresses into {@code out} as one zstd frame with a content checksum, as the zstd command writes it. */
    static OutputStream open(OutputStream out) throws IOException {
        ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out, LEVEL);
        zstd.setChecksum(true);
        return zstd;
    }
}
