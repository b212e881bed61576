package lobos.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables written by sfdisk and sgdisk; partx (util-linux's libblkid partition reader) says
 * what lobos must read, with blkid's conventions for types, PARTUUIDs and flags.
 */
class PartitionTablesTest {
    @TempDir
    Path dir;

    @Test
    void mbrWithExtendedAndLogicalPartitions() throws IOException {
        Path img = Tools.sparse(dir, "img", 64 << 20);
        sfdisk(img, """
                label: dos
                label-id: 0x1234abcd

                start=2048, size=8192, type=83, bootable
                start=10240, size=8192, type=c
                size=40000, type=5
                size=8192, type=83
                size=4096, type=82
                size=4096, type=7
                """);
        PartitionTable table = readAndCompare(img);
        assertThat(table.type()).isEqualTo(PartitionTable.Type.DOS);
        // sfdisk makes the 4th line the 4th primary; the last two are logical partitions 5 and 6
        assertThat(table.partitions()).extracting(Partition::number).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(table.partitions().get(2).extended()).isTrue();
    }

    @Test
    void mbrPrimariesOnly() throws IOException {
        Path img = Tools.sparse(dir, "img", 16 << 20);
        sfdisk(img, "label: dos\n\nstart=2048, type=83\n");
        assertThat(readAndCompare(img).partitions()).hasSize(1);
    }

    @Test
    void gptWithNamesAndAttributes() throws IOException {
        Path img = Tools.sparse(dir, "img", 64 << 20);
        Tools.run(dir, "sgdisk", "-n", "1:2048:+8M", "-t", "1:ef00", "-c", "1:EFI system", "-n", "2:0:+16M", "-t", "2:8300",
                "-c", "2:root ünïcode", "-A", "2:set:2", "-n", "3:0:+1M", "-t", "3:ef02", "-n", "5:0:0", "-t", "5:8200", "img");
        PartitionTable table = readAndCompare(img);
        assertThat(table.type()).isEqualTo(PartitionTable.Type.GPT);
        assertThat(table.partitions()).extracting(Partition::number).containsExactly(1, 2, 3, 5);
        assertThat(table.partitions().get(1).name()).isEqualTo("root ünïcode");
    }

    @Test
    void gptFallsBackToTheBackupHeader() throws IOException {
        Path img = Tools.sparse(dir, "img", 32 << 20);
        Tools.run(dir, "sgdisk", "-n", "1:2048:+8M", "-c", "1:data", "img");
        Map<String, String> expected = Tools.blkid(img);
        corrupt(img, 512 + 16); // the primary header's CRC
        try (var source = BlockSource.open(img, -1)) {
            PartitionTable table = PartitionTables.read(source).orElseThrow();
            assertThat(table.id()).isEqualTo(expected.get("PTUUID"));
            assertThat(table.partitions()).singleElement().extracting(Partition::name).isEqualTo("data");
        }
    }

    @Test
    void gptWithBothHeadersBrokenIsATypedError() throws IOException {
        Path img = Tools.sparse(dir, "img", 32 << 20);
        Tools.run(dir, "sgdisk", "-n", "1:2048:+8M", "img");
        corrupt(img, 2 * 512 + 10); // the primary entry array
        corrupt(img, (32 << 20) - 512 + 16); // the backup header's CRC
        try (var source = BlockSource.open(img, -1)) {
            assertThatThrownBy(() -> PartitionTables.read(source))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("GPT header at LBA 1: partition entry array CRC32 (byte 88) does not match")
                    .hasMessageContaining("backup: GPT header at LBA 65535: header CRC32 at byte 16 does not match");
        }
    }

    @Test
    void noTableOnAnEmptyDiskOrAFileSystem() throws IOException {
        Path img = Tools.sparse(dir, "img", 40 << 20);
        try (var source = BlockSource.open(img, -1)) {
            assertThat(PartitionTables.read(source)).isEmpty();
        }
        Tools.run(dir, "mkfs.vfat", "-F", "32", "img"); // has 55 AA but boot code, not a table
        assertThat(Tools.blkid(img)).doesNotContainKey("PTTYPE");
        try (var source = BlockSource.open(img, -1)) {
            assertThat(PartitionTables.read(source)).isEmpty();
        }
    }

    @Test
    void aFileSystemInsideAPartitionIsProbedThroughASlice() throws IOException {
        Path img = Tools.sparse(dir, "img", 16 << 20);
        sfdisk(img, "label: dos\n\nstart=2048, type=83\n");
        Tools.run(dir, "mke2fs", "-q", "-F", "-t", "ext4", "-L", "inner", "-E", "offset=" + 2048 * 512, "img", "4096");
        try (var source = BlockSource.open(img, -1)) {
            Partition p = PartitionTables.read(source).orElseThrow().partitions().getFirst();
            FsInfo info = Superblocks.probe(p.slice(source)).orElseThrow();
            assertThat(info.type()).isEqualTo("ext4");
            assertThat(info.label()).isEqualTo("inner");
        }
    }

    private void sfdisk(Path img, String script) throws IOException {
        Path file = dir.resolve("script");
        java.nio.file.Files.writeString(file, script);
        Tools.run(dir, "sh", "-c", "sfdisk -q " + img + " < " + file);
    }

    private static void corrupt(Path img, long offset) throws IOException {
        try (var f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0xff);
        }
    }

    /** Reads the table and checks it against blkid (PTTYPE, PTUUID) and partx (every partition). */
    private PartitionTable readAndCompare(Path img) {
        Map<String, String> blkid = Tools.blkid(img);
        PartitionTable table;
        try (var source = BlockSource.open(img, -1)) {
            table = PartitionTables.read(source).orElseThrow();
        }
        assertThat(table.type().name().toLowerCase()).isEqualTo(blkid.get("PTTYPE"));
        assertThat(table.id()).isEqualTo(blkid.get("PTUUID"));
        List<Map<String, String>> partx = partx(img);
        assertThat(table.partitions()).hasSameSizeAs(partx);
        for (int i = 0; i < partx.size(); i++) {
            Map<String, String> e = partx.get(i);
            Partition p = table.partitions().get(i);
            assertThat(String.valueOf(p.number())).isEqualTo(e.get("NR"));
            assertThat(p.start() / 512).as("start of %d", p.number()).isEqualTo(Long.parseLong(e.get("START")));
            assertThat(p.size() / 512).as("size of %d", p.number()).isEqualTo(Long.parseLong(e.get("SECTORS")));
            assertThat(p.type()).as("type of %d", p.number()).isEqualTo(e.get("TYPE"));
            assertThat(p.uuid()).as("PARTUUID of %d", p.number()).isEqualTo(e.get("UUID"));
            assertThat(p.name() == null ? "" : p.name()).as("PARTLABEL of %d", p.number()).isEqualTo(e.get("NAME"));
            assertThat("0x" + Long.toHexString(p.flags())).as("flags of %d", p.number()).isEqualTo(e.get("FLAGS"));
        }
        return table;
    }

    /** partx --show in key="value" pairs, one map per partition, in partx's order. */
    private List<Map<String, String>> partx(Path img) {
        String out = Tools.run(dir, "partx", "-g", "-P", "-o", "NR,START,SECTORS,TYPE,UUID,NAME,FLAGS", img.toString());
        List<Map<String, String>> rows = new ArrayList<>();
        var pair = java.util.regex.Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
        for (String line : out.split("\n")) {
            if (line.isBlank()) continue;
            Map<String, String> row = new LinkedHashMap<>();
            var m = pair.matcher(line);
            while (m.find()) row.put(m.group(1), Tools.unescapeHex(m.group(2)));
            rows.add(row);
        }
        return rows;
    }
}
