package lobos.storage;

import java.util.List;
import java.util.Optional;

/**
 * Identifies what is on a device or image by its superblock, in Java, without mounting:
 * ext2/3/4, vfat (FAT12/16/32), exFAT, XFS, Btrfs, ISO 9660, SquashFS, swap and hibernation
 * images, LUKS. Formats with a strong, far-out magic are tried before FAT, whose boot sector is
 * the easiest to mistake.
 */
public final class Superblocks {
    private Superblocks() {}

    private static final List<FsProbe> PROBES = List.of(new LuksProbe(), new SwapProbe(), new ExtProbe(), new XfsProbe(),
            new BtrfsProbe(), new SquashfsProbe(), new IsoProbe(), new ExfatProbe(), new FatProbe());

    /**
     * What is on {@code source}, or empty if it is none of the known formats (including when
     * the source is too short to hold a superblock). Read errors throw {@link StorageException}.
     */
    public static Optional<FsInfo> probe(BlockSource source) {
        for (FsProbe probe : PROBES) {
            Optional<FsInfo> found = probe.probe(source);
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }
}
