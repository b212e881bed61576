package lobos.storage;

import static lobos.storage.Bytes.le32;

import java.util.Map;
import java.util.Optional;

/**
 * Linux swap areas (version 0 "SWAP-SPACE", version 1 "SWAPSPACE2") and hibernation images
 * written over them: the signature is in the last 10 bytes of the first page, whatever the
 * page size of the machine that made it.
 */
final class SwapProbe implements FsProbe {
    private static final int[] PAGE_SIZES = {4096, 8192, 16384, 32768, 65536};
    /** Hibernation signatures and the VERSION blkid reports for each. */
    private static final Map<String, String> SUSPEND = Map.of(
            "S1SUSPEND", "s1suspend", "S2SUSPEND", "s2suspend", "ULSUSPEND", "ulsuspend", "LINHIB0001", "linhib0001");

    @Override
    public Optional<FsInfo> probe(BlockSource source) {
        for (int pageSize : PAGE_SIZES) {
            if (!source.has(0, pageSize)) break;
            byte[] tail = source.read(pageSize - 10, 10);
            if (Bytes.startsWith(tail, 0, "SWAPSPACE2")) return Optional.of(v1("swap", "1", source, pageSize));
            if (Bytes.startsWith(tail, 0, "SWAP-SPACE")) {
                return Optional.of(new FsInfo("swap", FsInfo.Usage.OTHER, "0", null, null, pageSize, 0, Map.of()));
            }
            for (var magic : SUSPEND.entrySet()) {
                if (Bytes.startsWith(tail, 0, magic.getKey())) return Optional.of(v1("swsuspend", magic.getValue(), source, pageSize));
            }
        }
        return Optional.empty();
    }

    /** The version 1 header at 1024: version, last page, bad pages, UUID, label. */
    private static FsInfo v1(String type, String version, BlockSource source, int pageSize) {
        byte[] h = source.read(1024, 44);
        if (le32(h, 0) != 1) return new FsInfo(type, FsInfo.Usage.OTHER, null, null, null, pageSize, 0, Map.of());
        long lastPage = le32(h, 4);
        return new FsInfo(type, FsInfo.Usage.OTHER, version, Bytes.uuid(h, 12), Bytes.cString(h, 28, 16), pageSize,
                (lastPage + 1) * pageSize, Map.of());
    }
}
