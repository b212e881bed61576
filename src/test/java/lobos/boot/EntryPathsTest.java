package lobos.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import lobos.LobosException;
import lobos.config.PathContext;
import lobos.path.Location;
import org.junit.jupiter.api.Test;

/** Where an entry's paths point, depending on the config they came from. */
class EntryPathsTest {
    private final EntryPaths paths = new EntryPaths(Set.of("linux"), () -> Set.of("vda1", "sda2"));

    private String resolve(String path, PathContext context) {
        return paths.resolve(path, context).text();
    }

    @Test
    void kbootPathsAreReadAsKbootReadsThem() {
        assertThat(resolve("/boot/vmlinuz", PathContext.NONE)).isEqualTo("/boot/vmlinuz"); // the booted system
        assertThat(paths.resolve("/boot/vmlinuz", PathContext.NONE)).isInstanceOf(Location.Booted.class);
        assertThat(paths.resolve("//boot/vmlinuz", PathContext.NONE)).isInstanceOf(Location.Loader.class);
        assertThat(resolve("sda2:/bzImage", PathContext.NONE)).isEqualTo("/dev/sda2:/bzImage");
        assertThat(resolve("server:/export/k", PathContext.NONE)).isEqualTo("server:/export/k");
        assertThat(resolve("bzImage", PathContext.NONE)).isEqualTo("/bzImage"); // relative to the booted root
    }

    @Test
    void pathsOfAConfigOnAVolumeStayOnThatVolume() {
        var grub = new PathContext("vda1", null, "/boot/grub", null);
        assertThat(resolve("/vmlinuz-6.1", grub)).isEqualTo("/dev/vda1:/vmlinuz-6.1");
        var searched = new PathContext("vda1", "UUID=1234-abcd", null, null);
        assertThat(resolve("/boot/vmlinuz", searched)).isEqualTo("UUID=1234-abcd:/boot/vmlinuz");
        assertThat(resolve("http://h/k", grub)).isEqualTo("http://h/k");
        assertThat(resolve("//boot/lobos-own", grub)).isEqualTo("//boot/lobos-own");
    }

    @Test
    void relativeNamesAreInTheConfigsDirectoryOnItsVolume() {
        var syslinux = new PathContext("vda1", null, "/isolinux", null);
        assertThat(resolve("vmlinuz", syslinux)).isEqualTo("/dev/vda1:/isolinux/vmlinuz");
        assertThat(resolve("../images/initrd.img", syslinux)).isEqualTo("/dev/vda1:/images/initrd.img");
        assertThat(resolve("vmlinuz", new PathContext("vda1", null, null, null))).isEqualTo("/dev/vda1:/vmlinuz");
        assertThat(resolve("vmlinuz", new PathContext(null, null, "/etc", null))).isEqualTo("/etc/vmlinuz");
    }

    @Test
    void aVolumeThatIsAPlainDirectoryIsADirectoryOfTheLoader() {
        var dir = new PathContext("/tmp/volume", null, "/boot", null);
        assertThat(resolve("/vmlinuz", dir)).isEqualTo("//tmp/volume/vmlinuz");
        assertThat(resolve("initrd.img", dir)).isEqualTo("//tmp/volume/boot/initrd.img");
        assertThat(resolve("/../../etc/passwd", dir)).isEqualTo("//tmp/volume/etc/passwd"); // never above the volume
    }

    @Test
    void grubDeviceNamesPickTheVolume() {
        var grub = new PathContext("vda1", "vda1", null, null);
        assertThat(resolve("(vda2)/vmlinuz", grub)).isEqualTo("/dev/vda2:/vmlinuz");
        assertThat(resolve("(UUID=0b4f-77)/boot/vmlinuz", grub)).isEqualTo("UUID=0b4f-77:/boot/vmlinuz");
        assertThatThrownBy(() -> paths.resolve("(hd1,gpt2)/vmlinuz", grub)).isInstanceOf(LobosException.class)
                .hasMessageContaining("GRUB's firmware disk (hd1,gpt2)");
        assertThatThrownBy(() -> paths.resolve("/vmlinuz", new PathContext("vda1", "hd0,msdos1", null, null)))
                .isInstanceOf(LobosException.class).hasMessageContaining("cannot map");
    }

    @Test
    void namesInANetworkScriptAreRelativeToIt() {
        var ipxe = new PathContext(null, null, null, "http://192.0.2.1/boot/menu.ipxe");
        assertThat(resolve("vmlinuz", ipxe)).isEqualTo("http://192.0.2.1/boot/vmlinuz");
        assertThat(resolve("../k/initrd.img", ipxe)).isEqualTo("http://192.0.2.1/k/initrd.img");
        var fromDisk = new PathContext("vda1", null, null, "http://192.0.2.1/boot/menu.ipxe");
        assertThat(resolve("vmlinuz", fromDisk)).isEqualTo("http://192.0.2.1/boot/vmlinuz");
    }
}
