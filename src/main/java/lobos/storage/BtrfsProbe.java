package lobos.storage;

import static lobos.storage.Bytes.le32;
import static lobos.storage.Bytes.le64;

import java.util.HashMap;
import java.util.Optional;

/** Btrfs: the primary superblock at 64 KiB, magic "_BHRfS_M". */
final class BtrfsProbe implements FsProbe {
    private static final int OFFSET = 0x10000;
    private static final int DEV_ITEM = 0xC9;

    @Override
    public Optional<FsInfo> probe(BlockSource source) {
        if (!source.has(OFFSET, 0x1000)) return Optional.empty();
        byte[] sb = source.read(OFFSET, 0x1000);
        if (!Bytes.startsWith(sb, 0x40, "_BHRfS_M")) return Optional.empty();
        var extra = new HashMap<String, String>();
        String deviceUuid = Bytes.uuid(sb, DEV_ITEM + 66);
        if (deviceUuid != null) extra.put("uuid_sub", deviceUuid);
        long size = le64(sb, 0x70);
        return Optional.of(new FsInfo("btrfs", FsInfo.Usage.FILESYSTEM, null, Bytes.uuid(sb, 0x20), Bytes.cString(sb, 0x12B, 256),
                le32(sb, 0x90), Math.max(size, 0), extra));
    }
}
