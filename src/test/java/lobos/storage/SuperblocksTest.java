package lobos.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Images made by the real tools at test time; util-linux's blkid, run on the same image, says
 * what lobos must find (TYPE, UUID, LABEL, VERSION).
 */
class SuperblocksTest {
    @TempDir
    Path dir;

    /** A way to make an image: its size and the command that formats file "img". */
    record Maker(long size, String... command) {}

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of("ext2", new Maker(4 << 20, "mke2fs", "-q", "-F", "-t", "ext2", "-L", "lab-ext2", "img")),
                Arguments.of("ext3", new Maker(4 << 20, "mke2fs", "-q", "-F", "-t", "ext3", "-L", "lab-ext3", "img")),
                Arguments.of("ext4", new Maker(4 << 20, "mke2fs", "-q", "-F", "-t", "ext4", "-L", "Grüße", "img")),
                Arguments.of("ext4 64bit 4k", new Maker(16 << 20, "mke2fs", "-q", "-F", "-t", "ext4", "-b", "4096", "-O", "64bit", "img")),
                Arguments.of("ext2 no label", new Maker(1 << 20, "mke2fs", "-q", "-F", "-t", "ext2", "img")),
                Arguments.of("FAT12", new Maker(2 << 20, "mkfs.vfat", "-F", "12", "-n", "FAT12LAB", "img")),
                Arguments.of("FAT16", new Maker(20 << 20, "mkfs.vfat", "-F", "16", "-n", "FAT16LAB", "-i", "1234abcd", "img")),
                Arguments.of("FAT32", new Maker(40 << 20, "mkfs.vfat", "-F", "32", "-n", "EFI", "img")),
                Arguments.of("FAT32 no label", new Maker(40 << 20, "mkfs.vfat", "-F", "32", "img")),
                Arguments.of("FAT32 4k sectors", new Maker(64 << 20, "mkfs.vfat", "-F", "32", "-S", "4096", "-n", "BIG", "img")),
                Arguments.of("exFAT", new Maker(8 << 20, "mkfs.exfat", "-L", "exlabel", "img")),
                Arguments.of("exFAT no label", new Maker(8 << 20, "mkfs.exfat", "img")),
                Arguments.of("xfs", new Maker(300 << 20, "mkfs.xfs", "-q", "-f", "-L", "xfslab", "img")),
                Arguments.of("btrfs", new Maker(120 << 20, "mkfs.btrfs", "-q", "-f", "-L", "btrfs label", "img")),
                Arguments.of("swap", new Maker(4 << 20, "mkswap", "-L", "swaplab", "img")),
                Arguments.of("LUKS1", new Maker(4 << 20, "sh", "-c",
                        "printf pw | cryptsetup luksFormat --batch-mode --type luks1 --pbkdf-force-iterations 1000 img -d -")),
                Arguments.of("LUKS2", new Maker(20 << 20, "sh", "-c",
                        "printf pw | cryptsetup luksFormat --batch-mode --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000"
                                + " --label cryptlab --subsystem lobos img -d -")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void agreesWithBlkid(String name, Maker maker) throws IOException {
        Path img = Tools.sparse(dir, "img", maker.size());
        Tools.run(dir, maker.command());
        FsInfo info = probeAndCompare(img);
        if (name.startsWith("ext") || name.startsWith("xfs") || name.startsWith("btrfs") || name.startsWith("exFAT")) {
            assertThat(info.size()).as("size").isEqualTo(maker.size());
        }
        if (name.startsWith("FAT")) assertThat(info.size()).as("size").isPositive().isLessThanOrEqualTo(maker.size());
    }

    @Test
    void iso9660WithElTorito() throws IOException {
        Files.createDirectories(dir.resolve("d"));
        Files.writeString(dir.resolve("d/boot.img"), "x".repeat(2048));
        Tools.run(dir, "xorriso", "-outdev", "img", "-volid", "LOBOS_TEST", "-volume_date", "c", "2020010203040500",
                "-volume_date", "m", "2021060708091000", "-map", "d", "/", "-boot_image", "any", "bin_path=/boot.img");
        FsInfo info = probeAndCompare(dir.resolve("img"));
        assertThat(info.extra()).containsEntry("el_torito", "yes");
        assertThat(Tools.blkid(dir.resolve("img"))).containsEntry("BOOT_SYSTEM_ID", "EL TORITO SPECIFICATION");
    }

    @Test
    void iso9660Plain() throws IOException {
        Files.createDirectories(dir.resolve("d"));
        Files.writeString(dir.resolve("d/f"), "hello");
        Tools.run(dir, "xorriso", "-as", "mkisofs", "-quiet", "-V", "plain", "-o", "img", "d");
        FsInfo info = probeAndCompare(dir.resolve("img"));
        assertThat(info.extra()).doesNotContainKey("el_torito");
        assertThat(info.size()).isEqualTo(Files.size(dir.resolve("img")));
    }

    @Test
    void squashfs() throws IOException {
        Files.createDirectories(dir.resolve("d"));
        Files.writeString(dir.resolve("d/f"), "hello");
        Tools.run(dir, "mksquashfs", "d", "img", "-quiet", "-noappend");
        FsInfo info = probeAndCompare(dir.resolve("img"));
        assertThat(info.uuid()).isNull();
    }

    @Test
    void hibernationImageOverSwap() throws IOException {
        Path img = Tools.sparse(dir, "img", 4 << 20);
        Tools.run(dir, "mkswap", "-L", "hiber", "img");
        try (var f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(4096 - 10);
            f.write("S1SUSPEND\0".getBytes(StandardCharsets.US_ASCII));
        }
        FsInfo info = probeAndCompare(img);
        assertThat(info.type()).isEqualTo("swsuspend");
    }

    @Test
    void unknownContentIsEmptyNotAnError() throws IOException {
        Path img = Tools.sparse(dir, "img", 1 << 20);
        assertThat(Tools.blkid(img)).doesNotContainKey("TYPE");
        try (var source = BlockSource.open(img, -1)) {
            assertThat(Superblocks.probe(source)).isEmpty();
        }
        assertThat(Superblocks.probe(BlockSource.of(new byte[0], "empty"))).isEmpty();
        assertThat(Superblocks.probe(BlockSource.of(new byte[100], "tiny"))).isEmpty();
    }

    @Test
    void truncatedImagesNeverCrash() throws IOException {
        Path img = Tools.sparse(dir, "img", 40 << 20);
        Tools.run(dir, "mkfs.vfat", "-F", "32", "-n", "CUT", "img");
        byte[] whole;
        try (var source = BlockSource.open(img, -1)) {
            whole = source.read(0, 1 << 20);
        }
        for (int length : new int[] {0, 1, 511, 512, 1023, 2048, 4096, 100_000, 1 << 20}) {
            byte[] cut = java.util.Arrays.copyOf(whole, length);
            Optional<FsInfo> info = Superblocks.probe(BlockSource.of(cut, "cut"));
            if (length >= 512) assertThat(info).as("length %d", length).map(FsInfo::type).contains("vfat");
        }
    }

    /** Probes {@code img} and checks TYPE, UUID, LABEL (and VERSION, UUID_SUB) against blkid's. */
    private static FsInfo probeAndCompare(Path img) {
        Map<String, String> blkid = Tools.blkid(img);
        assertThat(blkid).as("blkid found something").containsKey("TYPE");
        FsInfo info;
        try (var source = BlockSource.open(img, -1)) {
            info = Superblocks.probe(source).orElseThrow(() -> new AssertionError("lobos found nothing, blkid: " + blkid));
        }
        assertThat(info.type()).as("TYPE").isEqualTo(blkid.get("TYPE"));
        assertThat(info.uuid()).as("UUID").isEqualTo(blkid.get("UUID"));
        assertThat(info.label()).as("LABEL").isEqualTo(blkid.get("LABEL"));
        if (blkid.containsKey("VERSION")) assertThat(info.version()).as("VERSION").isEqualTo(blkid.get("VERSION"));
        if (blkid.containsKey("UUID_SUB")) assertThat(info.extra()).containsEntry("uuid_sub", blkid.get("UUID_SUB"));
        if (blkid.containsKey("LABEL_FATBOOT")) assertThat(info.extra()).containsEntry("label_fatboot", blkid.get("LABEL_FATBOOT"));
        assertThat(info.usage().name().toLowerCase()).as("USAGE").isEqualTo(blkid.get("USAGE"));
        return info;
    }
}
