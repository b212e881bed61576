package lobos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lobos.storage.BlockSource;
import lobos.storage.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lobos devices} over a fake /sys and a /dev of image files made by sgdisk, mke2fs and mkfs.vfat. */
class DevicesCommandTest {
    @TempDir
    Path dir;

    Path sys;
    Path dev;
    Map<String, String> blkidDisk;
    Map<String, String> blkidEsp;

    @BeforeEach
    void makeDevices() throws IOException {
        sys = Files.createDirectories(dir.resolve("sys/block"));
        dev = Files.createDirectories(dir.resolve("dev"));
        Path disk = dev.resolve("sda");
        try (var f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
            f.setLength(64 << 20);
        }
        Tools.run(dir, "sgdisk", "-n", "1:2048:+32M", "-t", "1:ef00", "-c", "1:ESP", "-n", "2:0:0", "-c", "2:root", disk.toString());
        Tools.run(dir, "mkfs.vfat", "-F", "32", "-n", "ESP", "--offset", "2048", disk.toString(), String.valueOf(32 * 1024));
        // the partition's own device node: a copy of its bytes, as /dev/sda1 would show them
        try (var source = BlockSource.open(disk, -1)) {
            Files.write(dev.resolve("sda1"), source.read(2048 * 512, 32 << 20));
        }
        blkidDisk = Tools.blkid(disk);
        blkidEsp = Tools.blkid(dev.resolve("sda1"));
        attribute("sda/dev", "8:0");
        attribute("sda/size", String.valueOf((64 << 20) / 512));
        attribute("sda/removable", "0");
        attribute("sda/ro", "0");
        attribute("sda/device/model", "QEMU HARDDISK   ");
        attribute("sda/sda1/partition", "1");
        attribute("sda/sda1/dev", "8:1");
        attribute("sda/sda1/size", String.valueOf(32 * 2048));
        attribute("sda/sda2/partition", "2");
        attribute("sda/sda2/dev", "8:2");
        attribute("sda/sda2/size", "4096"); // no /dev/sda2 node: listed with a note
    }

    @Test
    void table() {
        var out = new StringWriter();
        int code = run(out, "devices", "--sys", sys.getParent().toString(), "--dev", dev.toString());
        assertThat(code).isEqualTo(Main.OK);
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).startsWith("NAME").contains("MAJ:MIN", "SIZE", "TYPE", "UUID", "LABEL");
        assertThat(lines[1]).matches("sda +8:0 +64M +0 +0 +gpt +" + blkidDisk.get("PTUUID") + " +QEMU HARDDISK");
        assertThat(lines[2]).matches("├─sda1 +8:1 +32M +0 +0 +vfat +" + blkidEsp.get("UUID") + " +ESP");
        assertThat(lines[3]).matches("└─sda2 +8:2 +2M +0 +0 +cannot open .*sda2 for reading.*");
    }

    @Test
    void json() {
        var out = new StringWriter();
        assertThat(run(out, "devices", "--json", "--sys", sys.getParent().toString(), "--dev", dev.toString())).isEqualTo(Main.OK);
        assertThat(out.toString())
                .startsWith("[")
                .contains("\"name\": \"sda1\"", "\"type\": \"vfat\"", "\"uuid\": \"" + blkidEsp.get("UUID") + "\"",
                        "\"label\": \"ESP\"", "\"name\": \"ESP\"", "\"type\": \"gpt\"", "\"problem\": \"cannot open");
    }

    @Test
    void sizesLikeLsblk() {
        assertThat(lobos.storage.DeviceTable.size(512)).isEqualTo("512B");
        assertThat(lobos.storage.DeviceTable.size(64L << 20)).isEqualTo("64M");
        assertThat(lobos.storage.DeviceTable.size(976_773_168L * 512)).isEqualTo("465.8G");
    }

    @Test
    void noSysfsFailsWithExitCode1() {
        var err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("devices", "--sys", dir.resolve("none").toString())).isEqualTo(Main.FAILED);
        assertThat(err.toString()).contains("cannot list block devices");
    }

    private static int run(StringWriter out, String... args) {
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        return cl.execute(args);
    }

    private void attribute(String path, String value) throws IOException {
        Path file = sys.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, value + "\n");
    }
}
