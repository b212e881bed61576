package lobos.storage;

import java.util.Optional;

/** Recognizes one family of formats by its superblock; empty if the magic is not there. */
interface FsProbe {
    Optional<FsInfo> probe(BlockSource source);
}
