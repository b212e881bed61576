package lobos.storage;

import static lobos.storage.Bytes.be16;
import static lobos.storage.Bytes.le16;
import static lobos.storage.Bytes.le32;
import static lobos.storage.Bytes.le64;

import java.util.Map;
import java.util.Optional;

/** SquashFS: "hsqs" (little-endian, version 4) or "sqsh" (big-endian, version 3 and older). No UUID, no label. */
final class SquashfsProbe implements FsProbe {
    @Override
    public Optional<FsInfo> probe(BlockSource source) {
        if (!source.has(0, 96)) return Optional.empty();
        byte[] sb = source.read(0, 96);
        if (Bytes.startsWith(sb, 0, "hsqs")) {
            int major = le16(sb, 28);
            String type = major >= 4 ? "squashfs" : "squashfs3";
            long size = major >= 4 ? Math.max(le64(sb, 40), 0) : 0;
            return Optional.of(new FsInfo(type, FsInfo.Usage.FILESYSTEM, major + "." + le16(sb, 30), null, null,
                    major >= 4 ? le32(sb, 12) : 0, size, Map.of()));
        }
        if (Bytes.startsWith(sb, 0, "sqsh")) {
            return Optional.of(new FsInfo("squashfs3", FsInfo.Usage.FILESYSTEM, be16(sb, 28) + "." + be16(sb, 30), null, null, 0, 0,
                    Map.of()));
        }
        return Optional.empty();
    }
}
