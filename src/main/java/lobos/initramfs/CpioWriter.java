package lobos.initramfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio "newc" (070701) archive as the kernel unpacks it: a 110-byte header of
 * thirteen 8-digit hex fields, the NUL-terminated name, zeros to a 4-byte boundary, the data,
 * zeros to a 4-byte boundary; "TRAILER!!!" at the end. Entries are written in the order given
 * (the caller sorts); inode numbers count up from 0 and device fields are 0, as GNU cpio
 * --reproducible writes them, so nothing depends on the machine that builds the archive.
 */
public final class CpioWriter {
    static final int HEADER_SIZE = 110;
    static final String TRAILER = "TRAILER!!!";
    private static final long MAX_U32 = 0xFFFF_FFFFL;

    private final OutputStream out;
    private final long mtime;
    private long ino;
    private long written;
    private boolean finished;

    /** Every entry gets {@code mtime} (seconds since 1970, 0 .. 2^32-1). */
    public CpioWriter(OutputStream out, long mtime) {
        if (mtime < 0 || mtime > MAX_U32) throw new IllegalArgumentException("mtime out of range: " + mtime);
        this.out = out;
        this.mtime = mtime;
    }

    /** Writes one entry; {@code nlink} is 1 for anything but a directory (2 + its subdirectories). */
    public void write(String name, Node node, long nlink) throws IOException {
        if (finished) throw new IllegalStateException("archive already finished");
        long rdevMajor = node instanceof Node.Device d ? d.major() : 0;
        long rdevMinor = node instanceof Node.Device d ? d.minor() : 0;
        writeHeader(name, node.mode(), node.uid(), node.gid(), nlink, mtime, node.size(), rdevMajor, rdevMinor);
        switch (node) {
            case Node.File f -> f.content().writeTo(out);
            case Node.Symlink s -> out.write(s.target().getBytes(StandardCharsets.UTF_8));
            default -> {}
        }
        written += node.size();
        pad();
    }

    /** Writes the TRAILER!!! entry; the archive then ends on a 4-byte boundary. Does not close the stream. */
    public void finish() throws IOException {
        if (finished) return;
        ino = 0; // GNU cpio writes the trailer with inode 0 and mtime 0
        writeHeader(TRAILER, 0, 0, 0, 1, 0, 0, 0, 0);
        finished = true;
        out.flush();
    }

    /** Bytes written so far. */
    public long size() {
        return written;
    }

    /** The archive size of one entry: header, name, data and padding. */
    public static long entrySize(String name, long dataSize) {
        return align(HEADER_SIZE + name.getBytes(StandardCharsets.UTF_8).length + 1) + align(dataSize);
    }

    /** The size of the trailer entry. */
    public static long trailerSize() {
        return entrySize(TRAILER, 0);
    }

    static long align(long n) {
        return (n + 3) & ~3L;
    }

    private void writeHeader(String name, long mode, long uid, long gid, long nlink, long mtime, long size,
            long rdevMajor, long rdevMinor) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (size > MAX_U32) throw new InitramfsException(name + " is " + size + " bytes; cpio newc holds at most 4 GiB - 1 per file", null);
        StringBuilder h = new StringBuilder(HEADER_SIZE).append("070701");
        for (long field : new long[] {ino++, mode, uid, gid, nlink, mtime, size, 0, 0, rdevMajor, rdevMinor, nameBytes.length + 1, 0}) {
            if (field < 0 || field > MAX_U32) throw new IllegalArgumentException("cpio field out of range: " + field + " for " + name);
            h.append(String.format("%08X", field));
        }
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(nameBytes);
        out.write(0);
        written += HEADER_SIZE + nameBytes.length + 1;
        pad();
    }

    private void pad() throws IOException {
        int n = (int) (align(written) - written);
        out.write(new byte[n]);
        written += n;
    }
}
