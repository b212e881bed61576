package lobos.storage;

import static lobos.storage.Bytes.be16;

import java.util.HashMap;
import java.util.Optional;

/** LUKS 1 and 2: the header is read, never the key slots; nothing is decrypted. */
final class LuksProbe implements FsProbe {
    private static final String MAGIC = "LUKS\u00ba\u00be";

    @Override
    public Optional<FsInfo> probe(BlockSource source) {
        if (!source.has(0, 512)) return Optional.empty();
        byte[] h = source.read(0, 512);
        if (!startsWithMagic(h)) return Optional.empty();
        int version = be16(h, 6);
        if (version != 1 && version != 2) return Optional.empty();
        String uuid = Bytes.cString(h, 168, 40, java.nio.charset.StandardCharsets.US_ASCII);
        String label = null;
        var extra = new HashMap<String, String>();
        if (version == 2) {
            label = Bytes.cString(h, 24, 48);
            String subsystem = Bytes.cString(h, 72, 48);
            if (subsystem != null) extra.put("subsystem", subsystem);
        }
        return Optional.of(new FsInfo("crypto_LUKS", FsInfo.Usage.CRYPTO, String.valueOf(version), uuid, label, 0, 0, extra));
    }

    private static boolean startsWithMagic(byte[] h) {
        for (int i = 0; i < MAGIC.length(); i++) {
            if (h[i] != (byte) MAGIC.charAt(i)) return false;
        }
        return true;
    }
}
