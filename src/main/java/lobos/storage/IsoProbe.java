package lobos.storage;

import static lobos.storage.Bytes.le16;
import static lobos.storage.Bytes.le32;
import static lobos.storage.Bytes.u8;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Optional;

/**
 * ISO 9660: volume descriptors from sector 16 on (2048 bytes each). The UUID is blkid's: the
 * volume's modification (else creation) time as YYYY-MM-DD-HH-MM-SS-cc. An El Torito boot
 * record is reported as extra "el_torito".
 */
final class IsoProbe implements FsProbe {
    private static final int FIRST = 16 * 2048;
    private static final int MAX_DESCRIPTORS = 64;

    @Override
    public Optional<FsInfo> probe(BlockSource source) {
        byte[] primary = null;
        boolean elTorito = false;
        for (int i = 0; i < MAX_DESCRIPTORS; i++) {
            long at = FIRST + (long) i * 2048;
            if (!source.has(at, 2048)) break;
            byte[] d = source.read(at, 2048);
            if (!Bytes.startsWith(d, 1, "CD001")) break;
            int type = u8(d, 0);
            if (type == 255) break;
            if (type == 0 && Bytes.startsWith(d, 7, "EL TORITO SPECIFICATION")) elTorito = true;
            if (type == 1 && primary == null) primary = d;
        }
        if (primary == null) return Optional.empty();
        var extra = new HashMap<String, String>();
        if (elTorito) extra.put("el_torito", "yes");
        int blockSize = le16(primary, 128);
        String uuid = date(primary, 830);
        if (uuid == null) uuid = date(primary, 813);
        return Optional.of(new FsInfo("iso9660", FsInfo.Usage.FILESYSTEM, null, uuid,
                Bytes.padded(primary, 40, 32, StandardCharsets.ISO_8859_1), blockSize, le32(primary, 80) * blockSize, extra));
    }

    /** A 17-byte dec-datetime as blkid formats it, or null if unset (zeros or blanks). */
    private static String date(byte[] d, int off) {
        String digits = new String(d, off, 16, StandardCharsets.ISO_8859_1);
        if (!digits.matches("[0-9]{16}") || digits.matches("0{16}")) return null;
        return String.join("-", digits.substring(0, 4), digits.substring(4, 6), digits.substring(6, 8),
                digits.substring(8, 10), digits.substring(10, 12), digits.substring(12, 14), digits.substring(14, 16));
    }
}
