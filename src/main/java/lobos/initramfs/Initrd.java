package lobos.initramfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Several initrds as the one the kernel unpacks. The rules, from init/initramfs.c,
 * lib/earlycpio.c and Documentation/driver-api/early-userspace/buffer-format.rst:
 * <ul>
 *   <li>The kernel unpacks the initrd as a sequence of uncompressed cpio archives, compressed
 *       cpio archives (one gzip member or xz stream each, any compressor it was built with)
 *       and zero bytes, which it skips anywhere between parts. Later files replace earlier ones.
 *   <li>An uncompressed cpio header must start on a 4-byte boundary of the whole initrd, and
 *       after an uncompressed archive the next non-zero byte must too ("broken padding").
 *   <li>A compressed part must hold whole cpio entries; what follows it is read again from the
 *       top level, so it needs no trailing padding, but padding does no harm.
 *   <li>x86 early microcode (kernel/x86/microcode/GenuineIntel.bin, AuthenticAMD.bin) is found
 *       before anything is decompressed, by a scan that reads only uncompressed newc archives
 *       from the start of the initrd, in 4-byte steps over zeros, and stops at the first thing
 *       that is not a cpio header: the microcode archive must come first and be uncompressed.
 * </ul>
 * So: write the parts in the given order (microcode first) and pad each with zeros to a 4-byte
 * boundary. Parts are not decompressed or rewritten.
 */
public final class Initrd {
    private Initrd() {}

    /**
     * Writes the parts one after the other, each padded with zeros to a 4-byte boundary, and
     * returns the number of bytes written. With two or more parts each must look like an
     * initramfs (a newc cpio archive or compressed data), since an old-style initrd (a file
     * system image) cannot be combined with others; a single part is copied as it is.
     */
    public static long concatenate(List<Content> parts, OutputStream out) throws IOException {
        return concatenate(parts, out, MAX_JOINED);
    }

    /**
     * The most bytes {@link #concatenate(List, OutputStream)} writes: 4 GiB, what the x86 boot
     * protocol's 32-bit initrd size and the arm64 kernel's own checks allow.
     */
    public static final long MAX_JOINED = 4L << 30;

    /**
     * Same, writing at most {@code limit} bytes: the parts' sizes are checked against it before
     * anything is written, and each part is written at exactly its size. A part that cannot be
     * read or changes size is an {@link InitramfsException}; so is a failure to store the result
     * (a memory file that ran out of memory), which names how far it got.
     */
    public static long concatenate(List<Content> parts, OutputStream out, long limit) throws IOException {
        long total = 0;
        for (Content part : parts) total += CpioWriter.align(part.size());
        if (total > limit) {
            throw new InitramfsException("the initrds come to " + total + " bytes together, more than the " + limit
                    + " lobos joins", "boot with fewer or smaller initrds");
        }
        long written = 0;
        for (int i = 0; i < parts.size(); i++) {
            Content part = parts.get(i);
            if (parts.size() > 1) checkCombinable(part, i);
            try {
                part.writeTo(out);
                int pad = (int) (CpioWriter.align(written + part.size()) - written - part.size());
                out.write(new byte[pad]);
                written += part.size() + pad;
            } catch (IOException e) {
                throw new InitramfsException("cannot store the joined initrd after " + written + " of " + total + " bytes: "
                        + e.getMessage(), "the machine may lack the memory for these initrds", e);
            }
        }
        out.flush();
        return written;
    }

    /** The paths of all files, directories, links and nodes in an initrd (the union over its parts). */
    public static SortedSet<String> paths(InputStream initrd) throws IOException {
        SortedSet<String> paths = new TreeSet<>();
        InitrdReader reader = new InitrdReader(initrd, false);
        for (CpioEntry e; (e = reader.next()) != null; ) paths.add(e.name());
        return paths;
    }

    private static void checkCombinable(Content part, int index) throws IOException {
        byte[] head;
        String what = "initrd " + (index + 1) + " (" + part.describe() + ")";
        try (InputStream in = part.open()) {
            head = in.readNBytes(6);
        } catch (IOException e) {
            throw new InitramfsException("cannot read " + what + ": " + e.getMessage(),
                    "its disk or file system may have gone away, or it was removed: check it and try again", e);
        }
        String format = InitrdReader.formatOf(head);
        if ("odc".equals(format)) {
            throw new InitramfsException(what + " is an old portable (odc) cpio archive, which the kernel does not unpack",
                    "rebuild it with cpio -H newc");
        }
        if (format == null && head.length > 0 && head[0] != 0) {
            throw new InitramfsException(what + " is neither a cpio archive nor compressed data (it starts with "
                    + CpioReader.hex(head) + ")", "an old-style initrd (a file system image) can only be used alone");
        }
    }
}
