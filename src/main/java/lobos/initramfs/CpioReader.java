package lobos.initramfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the entries of an uncompressed newc/crc cpio stream the way the kernel's initramfs
 * unpacker does: every header on a 4-byte boundary, any number of zero bytes between entries,
 * "TRAILER!!!" entries skipped (they only end a hard-link scope, so archives may follow each
 * other). Allocation is bounded by the bytes actually present, never by a length field.
 */
public final class CpioReader {
    /** The kernel's PATH_MAX: longer names (with NUL) and symlink targets are skipped by the kernel. */
    static final int PATH_MAX = 4096;
    private static final String[] FIELDS = {
        "c_ino", "c_mode", "c_uid", "c_gid", "c_nlink", "c_mtime", "c_filesize",
        "c_devmajor", "c_devminor", "c_rdevmajor", "c_rdevminor", "c_namesize", "c_check"
    };
    private static final int MAX_DATA = Integer.MAX_VALUE - 8;

    private final Source in;
    private final boolean withData;
    private final boolean stopAtOtherData;
    private final String context;
    private final long contextOffset;

    /**
     * Reads a plain cpio archive (or several, one after the other). With {@code withData} false,
     * file data is read and checked but not kept.
     */
    public CpioReader(InputStream in, boolean withData) {
        this(new Source(in, 0), withData, false, "", -1);
    }

    /**
     * @param stopAtOtherData end (rather than fail) at a non-zero byte that is not a cpio header,
     *     as the kernel does in an initrd, where compressed data may follow
     * @param context appended to messages, e.g. " in the gzip data at offset 512"
     * @param contextOffset offset reported by exceptions, or -1 for the offset of the problem
     */
    CpioReader(Source in, boolean withData, boolean stopAtOtherData, String context, long contextOffset) {
        this.in = in;
        this.withData = withData;
        this.stopAtOtherData = stopAtOtherData;
        this.context = context;
        this.contextOffset = contextOffset;
    }

    /** The next entry, or null at the end of the stream (or of this uncompressed part of an initrd). */
    public CpioEntry next() throws IOException {
        while (true) {
            in.skipZeros();
            int b = in.peek();
            if (b < 0) return null;
            long at = in.position();
            if (at % 4 != 0) {
                throw error("data at offset " + at + " after the previous cpio entry is not on a 4-byte boundary "
                        + "(the kernel reports \"broken padding\")", at);
            }
            if (b != '0') {
                if (stopAtOtherData) return null;
                throw error("junk at offset " + at + " (" + hex(in.peek(4)) + "): not a cpio header or zero padding", at);
            }
            CpioEntry entry = readEntry(at);
            if (!entry.name().equals(CpioWriter.TRAILER)) return entry;
        }
    }

    private CpioEntry readEntry(long at) throws IOException {
        byte[] header = in.readNBytes(CpioWriter.HEADER_SIZE);
        if (header.length < CpioWriter.HEADER_SIZE) {
            throw error("truncated cpio header at offset " + at + ": " + header.length + " of 110 bytes", at);
        }
        String magic = new String(header, 0, 6, StandardCharsets.US_ASCII);
        boolean crc = magic.equals("070702");
        if (!crc && !magic.equals("070701")) {
            String why = magic.equals("070707") ? "old portable (odc) cpio format; the kernel needs newc (cpio -H newc)" : "no cpio magic";
            throw error("c_magic at offset " + at + " is \"" + printable(header, 0, 6) + "\": " + why, at);
        }
        long[] f = new long[FIELDS.length];
        for (int i = 0; i < f.length; i++) f[i] = parseHex(header, 6 + 8 * i, FIELDS[i], at);
        long mode = f[1], fileSize = f[6], nameSize = f[11], check = f[12];

        if (nameSize == 0 || nameSize > PATH_MAX) {
            throw error("c_namesize of the entry at offset " + at + " is " + nameSize + "; it must be 1.." + PATH_MAX, at + 94);
        }
        long nameAt = at + CpioWriter.HEADER_SIZE;
        byte[] name = in.readNBytes((int) nameSize);
        if (name.length < nameSize) throw error("truncated name of the entry at offset " + at + ": " + name.length + " of " + nameSize + " bytes (c_namesize)", nameAt);
        if (name[name.length - 1] != 0) throw error("name at offset " + nameAt + " is not NUL-terminated within c_namesize " + nameSize, nameAt);
        for (int i = 0; i < name.length - 1; i++) {
            if (name[i] == 0) throw error("name at offset " + nameAt + " has a NUL byte before its end (c_namesize " + nameSize + ")", nameAt + i);
        }
        String path = new String(name, 0, name.length - 1, StandardCharsets.UTF_8);
        skipPadding(CpioWriter.HEADER_SIZE + nameSize, at, path);

        if (path.equals(CpioWriter.TRAILER)) {
            if (fileSize != 0) throw error("c_filesize of TRAILER!!! at offset " + at + " is " + fileSize + "; it must be 0", at + 54);
            return new CpioEntry(path, at, crc, f[0], mode, f[2], f[3], f[4], f[5], 0, f[7], f[8], f[9], f[10], check, new byte[0]);
        }
        FileType type = FileType.of(mode);
        if (type == null) throw error("c_mode of " + quote(path) + " at offset " + at + " is " + Long.toOctalString(mode) + ": no known file type", at + 14);
        if (type == FileType.SYMLINK && (fileSize == 0 || fileSize > PATH_MAX)) {
            throw error("c_filesize of symlink " + quote(path) + " at offset " + at + " is " + fileSize + "; a link target has 1.." + PATH_MAX + " bytes", at + 54);
        }
        if (type != FileType.FILE && type != FileType.SYMLINK && fileSize != 0) {
            throw error("c_filesize of " + type.name().toLowerCase().replace('_', ' ') + " " + quote(path) + " at offset " + at + " is " + fileSize + "; it must be 0", at + 54);
        }

        byte[] data = readData(path, type, fileSize, crc ? check : -1, at);
        skipPadding(fileSize, at, path);
        return new CpioEntry(path, at, crc, f[0], mode, f[2], f[3], f[4], f[5], fileSize, f[7], f[8], f[9], f[10], check, data);
    }

    /** Reads (and keeps, if asked) the data; {@code check} is c_check of a 070702 entry or -1. */
    private byte[] readData(String path, FileType type, long fileSize, long check, long at) throws IOException {
        long dataAt = in.position();
        boolean keep = withData || type == FileType.SYMLINK;
        if (keep && fileSize > MAX_DATA) throw error("c_filesize of " + quote(path) + " at offset " + at + " is " + fileSize + ", too large to hold in memory", at + 54);
        ByteArrayOutputStream data = new ByteArrayOutputStream(keep ? (int) Math.min(fileSize, 65536) : 0);
        long sum = 0;
        byte[] buffer = new byte[(int) Math.min(fileSize, 65536)];
        for (long left = fileSize; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw error("truncated data of " + quote(path) + " at offset " + dataAt + ": c_filesize is " + fileSize + ", "
                        + (fileSize - left) + " bytes present", dataAt);
            }
            if (check >= 0) for (int i = 0; i < n; i++) sum += buffer[i] & 0xff;
            if (keep) data.write(buffer, 0, n);
            left -= n;
        }
        // the "crc" format's checksum is the 32-bit sum of the data bytes; the kernel checks it for regular files
        if (check >= 0 && type == FileType.FILE && (sum & 0xFFFF_FFFFL) != check) {
            throw error("c_check of " + quote(path) + " at offset " + at + " is " + String.format("%08X", check)
                    + " but its data sums to " + String.format("%08X", sum & 0xFFFF_FFFFL), at + 102);
        }
        return data.toByteArray();
    }

    private void skipPadding(long length, long at, String path) throws IOException {
        int n = (int) (CpioWriter.align(length) - length);
        long padAt = in.position();
        if (in.readNBytes(n).length < n) throw error("truncated padding after " + quote(path) + " (entry at offset " + at + ")", padAt);
    }

    private long parseHex(byte[] header, int start, String field, long at) {
        long v = 0;
        for (int i = start; i < start + 8; i++) {
            int c = header[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw error(field + " of the entry at offset " + at + " is \"" + printable(header, start, 8) + "\", not 8 hex digits", at + start);
            }
            v = v << 4 | d;
        }
        return v;
    }

    private CpioFormatException error(String message, long offset) {
        return new CpioFormatException(message + context, contextOffset >= 0 ? contextOffset : offset);
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) s.append(s.isEmpty() ? "" : " ").append(String.format("%02x", b & 0xff));
        return s.toString();
    }

    private static String printable(byte[] b, int off, int len) {
        StringBuilder s = new StringBuilder();
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            s.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.toString();
    }

    private static String quote(String path) {
        return "\"" + path + "\"";
    }
}
