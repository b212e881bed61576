package lobos.storage;

import static lobos.storage.Bytes.be16;
import static lobos.storage.Bytes.be32;
import static lobos.storage.Bytes.be64;

import java.util.Map;
import java.util.Optional;

/** XFS: big-endian superblock at offset 0, magic "XFSB". */
final class XfsProbe implements FsProbe {
    @Override
    public Optional<FsInfo> probe(BlockSource source) {
        if (!source.has(0, 512)) return Optional.empty();
        byte[] sb = source.read(0, 512);
        if (!Bytes.startsWith(sb, 0, "XFSB")) return Optional.empty();
        long blockSize = be32(sb, 4);
        int sectorSize = be16(sb, 102);
        if (!Bytes.powerOfTwo(blockSize) || blockSize < 512 || blockSize > 65536
                || !Bytes.powerOfTwo(sectorSize) || sectorSize < 512 || sectorSize > 32768) {
            return Optional.empty();
        }
        long blocks = be64(sb, 8);
        long size = blocks > 0 && blocks < Long.MAX_VALUE / blockSize ? blocks * blockSize : 0;
        return Optional.of(new FsInfo("xfs", FsInfo.Usage.FILESYSTEM, null, Bytes.uuid(sb, 32), Bytes.cString(sb, 108, 12),
                blockSize, size, Map.of()));
    }
}
