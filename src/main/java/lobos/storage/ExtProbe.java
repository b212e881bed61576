package lobos.storage;

import static lobos.storage.Bytes.cString;
import static lobos.storage.Bytes.le16;
import static lobos.storage.Bytes.le32;

import java.util.Map;
import java.util.Optional;

/**
 * ext2, ext3 and ext4 share one superblock (1024 bytes at offset 1024); like blkid, the name
 * comes from the feature flags: a journal makes ext3, any feature ext3 does not know makes ext4.
 */
final class ExtProbe implements FsProbe {
    private static final int OFFSET = 1024;
    private static final int MAGIC = 0xEF53;
    private static final long COMPAT_HAS_JOURNAL = 0x0004;
    private static final long INCOMPAT_JOURNAL_DEV = 0x0008;
    private static final long INCOMPAT_64BIT = 0x0080;
    /** filetype, recover, meta_bg: what ext3 understands. */
    private static final long EXT3_INCOMPAT = 0x0002 | 0x0004 | 0x0010;
    /** sparse_super, large_file, btree_dir. */
    private static final long EXT3_RO_COMPAT = 0x0001 | 0x0002 | 0x0004;
    private static final long FLAG_TEST_FILESYS = 0x0004;

    @Override
    public Optional<FsInfo> probe(BlockSource source) {
        if (!source.has(OFFSET, 1024)) return Optional.empty();
        byte[] sb = source.read(OFFSET, 1024);
        long logBlockSize = le32(sb, 0x18);
        if (le16(sb, 0x38) != MAGIC || logBlockSize > 6) return Optional.empty();
        long compat = le32(sb, 0x5C);
        long incompat = le32(sb, 0x60);
        long roCompat = le32(sb, 0x64);
        String type;
        if ((incompat & INCOMPAT_JOURNAL_DEV) != 0) type = "jbd";
        else if ((le32(sb, 0x160) & FLAG_TEST_FILESYS) != 0) type = "ext4dev";
        else if ((incompat & ~EXT3_INCOMPAT) != 0 || (roCompat & ~EXT3_RO_COMPAT) != 0) type = "ext4";
        else if ((compat & COMPAT_HAS_JOURNAL) != 0) type = "ext3";
        else type = "ext2";
        long blockSize = 1024L << logBlockSize;
        long blocks = le32(sb, 0x04);
        if ((incompat & INCOMPAT_64BIT) != 0) blocks |= le32(sb, 0x150) << 32;
        String version = le32(sb, 0x4C) + "." + le16(sb, 0x3E);
        return Optional.of(new FsInfo(type, FsInfo.Usage.FILESYSTEM, version, Bytes.uuid(sb, 0x68), cString(sb, 0x78, 16),
                blockSize, blocks * blockSize, Map.of()));
    }
}
