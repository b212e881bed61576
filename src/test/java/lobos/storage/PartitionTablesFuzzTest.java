package lobos.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

class PartitionTablesFuzzTest {
    /** Only StorageException may escape; every partition found lies inside the disk. */
    @FuzzTest(maxDuration = "30s")
    void read(byte[] input) {
        BlockSource disk = FuzzImage.of(input);
        try {
            PartitionTables.read(disk).ifPresent(table -> {
                for (Partition p : table.partitions()) {
                    assertThat(p.start()).isNotNegative();
                    assertThat(p.size()).isPositive();
                    if (disk.has(p.start(), p.size())) Superblocks.probe(p.slice(disk));
                }
            });
        } catch (StorageException expected) {
            // a broken GPT
        }
    }
}
