package lobos.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsBlockDevicesTest {
    @TempDir
    Path dir;

    @Test
    void disksThenTheirPartitionsWithLsblksSkipRules() throws IOException {
        FakeSysfs sys = new FakeSysfs(dir);
        sys.disk("sdb", "8:16", 62_521_344, "Cruzer Blade", true);
        sys.partition("sdb", "sdb1", 1, "8:17", 2048, 62_519_296);
        sys.disk("sda", "8:0", 976_773_168, "Samsung SSD 860", false);
        sys.partition("sda", "sda10", 10, "8:10", 4096, 2048);
        sys.partition("sda", "sda2", 2, "8:2", 1_050_624, 975_720_448);
        sys.partition("sda", "sda1", 1, "8:1", 2048, 1_048_576);
        FakeSysfs.write(sys.root.resolve("block/sda/sda2"), "ro", "1");
        sys.disk("loop0", "7:0", 0, null, false); // unused loop device: skipped
        sys.disk("loop1", "7:1", 2048, null, false); // attached loop device: listed
        sys.disk("ram0", "1:0", 8192, null, false); // RAM disk: skipped
        sys.disk("vda", "254:0", 1_048_576, null, false);
        FakeSysfs.write(sys.root.resolve("block/dm-0"), "dev", "253:0");
        FakeSysfs.write(sys.root.resolve("block/dm-0"), "size", "4096");
        FakeSysfs.write(sys.root.resolve("block/dm-0"), "dm/name", "vg-root");
        FakeSysfs.write(sys.root.resolve("block/broken"), "size", "4096"); // no dev attribute: skipped

        var devices = SysfsBlockDevices.scan(dir);

        assertThat(devices).extracting(BlockDevice::name)
                .containsExactly("dm-0", "loop1", "sda", "sda1", "sda2", "sda10", "sdb", "sdb1", "vda");
        BlockDevice sda = devices.get(2);
        assertThat(sda).isEqualTo(new BlockDevice("sda", 8, 0, 976_773_168L * 512, "Samsung SSD 860", null, false, false, 0, null, 512, null));
        assertThat(devices.get(4)).isEqualTo(
                new BlockDevice("sda2", 8, 2, 975_720_448L * 512, "Samsung SSD 860", null, false, true, 2, "sda", 512, null));
        assertThat(devices.get(7).removable()).isTrue();
        assertThat(devices.get(7).majorMinor()).isEqualTo("8:17");
        assertThat(devices.get(0).mapperName()).isEqualTo("vg-root");
        assertThat(devices.get(8).model()).isNull();
    }

    @Test
    void garbageAttributesAreIgnoredNotFatal() throws IOException {
        FakeSysfs sys = new FakeSysfs(dir);
        sys.disk("sda", "8:0", 100, null, false);
        FakeSysfs.write(sys.root.resolve("block/sda"), "size", "lots");
        sys.disk("sdb", "8:16", 100, null, false);
        FakeSysfs.write(sys.root.resolve("block/sdb"), "dev", "8:16:3");
        sys.disk("sdc", "8:32", 100, null, false);
        sys.partition("sdc", "sdc1", 1, "8:33", 0, 50);
        FakeSysfs.write(sys.root.resolve("block/sdc/sdc1"), "partition", "-1");
        assertThat(SysfsBlockDevices.scan(dir)).extracting(BlockDevice::name).containsExactly("sdc");
    }

    @Test
    void noSysfsIsATypedError() {
        assertThatThrownBy(() -> SysfsBlockDevices.scan(dir.resolve("nothing")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot list block devices");
    }
}
