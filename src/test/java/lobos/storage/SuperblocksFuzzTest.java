package lobos.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuperblocksFuzzTest {
    /** Any bytes: a result or empty, never an exception (nothing here can fail to read). */
    @FuzzTest(maxDuration = "30s")
    void probe(byte[] input) {
        Superblocks.probe(FuzzImage.of(input));
    }

    /** The seeds (cut from images the real tools made) reach the probers they are meant for. */
    @Test
    void seedsAreRecognized() throws IOException {
        Path seeds = Path.of("src/test/resources/lobos/storage/SuperblocksFuzzTestInputs/probe");
        Map<String, String> types = Map.ofEntries(Map.entry("ext4", "ext4"), Map.entry("ext3", "ext3"), Map.entry("fat12", "vfat"),
                Map.entry("fat32", "vfat"), Map.entry("exfat", "exfat"), Map.entry("xfs", "xfs"), Map.entry("btrfs", "btrfs"),
                Map.entry("iso", "iso9660"), Map.entry("squashfs", "squashfs"), Map.entry("swap", "swap"),
                Map.entry("luks1", "crypto_LUKS"), Map.entry("luks2", "crypto_LUKS"));
        types.forEach((seed, type) -> {
            try {
                var info = Superblocks.probe(FuzzImage.of(Files.readAllBytes(seeds.resolve(seed))));
                assertThat(info).as(seed).map(FsInfo::type).contains(type);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        byte[] gpt = Files.readAllBytes(Path.of("src/test/resources/lobos/storage/PartitionTablesFuzzTestInputs/read/gpt"));
        assertThat(PartitionTables.read(FuzzImage.of(gpt))).map(t -> t.partitions().size()).contains(3);
    }
}
