package lobos.storage;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Field readers for on-disk structures. Offsets are checked by the caller's fixed sizes. */
final class Bytes {
    private Bytes() {}

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int le16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static long le32(byte[] b, int off) {
        return (le16(b, off) | (long) le16(b, off + 2) << 16) & 0xffffffffL;
    }

    /** Unsigned 64-bit values above Long.MAX_VALUE come back negative: callers treat them as absurd. */
    static long le64(byte[] b, int off) {
        return le32(b, off) | le32(b, off + 4) << 32;
    }

    static int be16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static long be32(byte[] b, int off) {
        return ((long) be16(b, off) << 16 | be16(b, off + 2)) & 0xffffffffL;
    }

    static long be64(byte[] b, int off) {
        return be32(b, off) << 32 | be32(b, off + 4);
    }

    static boolean startsWith(byte[] b, int off, String ascii) {
        if (off < 0 || off + ascii.length() > b.length) return false;
        for (int i = 0; i < ascii.length(); i++) {
            if (b[off + i] != (byte) ascii.charAt(i)) return false;
        }
        return true;
    }

    static boolean allZero(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != 0) return false;
        }
        return true;
    }

    /** Text up to the first NUL, or null if empty. */
    static String cString(byte[] b, int off, int len, Charset charset) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return end == off ? null : new String(b, off, end - off, charset);
    }

    static String cString(byte[] b, int off, int len) {
        return cString(b, off, len, StandardCharsets.UTF_8);
    }

    /** Space- or NUL-padded text with the padding removed, or null if nothing is left. */
    static String padded(byte[] b, int off, int len, Charset charset) {
        String s = new String(b, off, len, charset);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) end--;
        return end == 0 ? null : s.substring(0, end);
    }

    /** A 16-byte UUID in on-disk (big-endian) order as blkid prints it, or null if all zero. */
    static String uuid(byte[] b, int off) {
        if (allZero(b, off, 16)) return null;
        StringBuilder s = new StringBuilder(36);
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) s.append('-');
            s.append(String.format("%02x", b[off + i] & 0xff));
        }
        return s.toString();
    }

    /** A GPT/EFI GUID: the first three fields are little-endian on disk. Upper-case-free, as blkid prints. */
    static String guid(byte[] b, int off) {
        byte[] be = new byte[16];
        for (int i = 0; i < 4; i++) be[i] = b[off + 3 - i];
        be[4] = b[off + 5];
        be[5] = b[off + 4];
        be[6] = b[off + 7];
        be[7] = b[off + 6];
        System.arraycopy(b, off + 8, be, 8, 8);
        String s = uuid(be, 0);
        return s == null ? "00000000-0000-0000-0000-000000000000" : s;
    }

    /** A 32-bit volume serial as FAT and exFAT UUIDs are printed: "ABCD-1234". */
    static String serial(long serial) {
        return String.format("%04X-%04X", serial >>> 16 & 0xffff, serial & 0xffff);
    }

    static boolean powerOfTwo(long n) {
        return n > 0 && (n & (n - 1)) == 0;
    }
}
