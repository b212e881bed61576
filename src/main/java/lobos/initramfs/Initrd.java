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
        long written = 0;
        for (int i = 0; i < parts.size(); i++) {
            Content part = parts.get(i);
            if (parts.size() > 1) checkCombinable(part, i);
            part.writeTo(out);
            written += part.size();
            int pad = (int) (CpioWriter.align(written) - written);
            out.write(new byte[pad]);
            written += pad;
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
        try (InputStream in = part.open()) {
            head = in.readNBytes(6);
        }
        String what = "initrd " + (index + 1) + " (" + part.describe() + ")";
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
