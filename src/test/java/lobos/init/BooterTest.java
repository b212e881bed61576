package lobos.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import lobos.config.PathContext;
import lobos.path.Location;
import lobos.path.PathParser;
import org.junit.jupiter.api.Test;

/** Where an entry's paths point, depending on the config they came from. */
class BooterTest {
    private final Booter booter = new Booter(null, null, System.out, Set.of("linux"), () -> Set.of("vda1", "sda2"));

    private String resolve(String path, PathContext context) {
        return booter.resolve(PathParser.parse(path), context).text();
    }

    @Test
    void kbootPathsAreReadAsKbootReadsThem() {
        assertThat(resolve("/boot/vmlinuz", PathContext.NONE)).isEqualTo("/boot/vmlinuz"); // the booted system
        assertThat(booter.resolve(PathParser.parse("/boot/vmlinuz"), PathContext.NONE))
                .isInstanceOf(Location.Booted.class);
        assertThat(booter.resolve(PathParser.parse("//boot/vmlinuz"), PathContext.NONE))
                .isInstanceOf(Location.Loader.class);
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
    }

    @Test
    void namesInANetworkScriptAreRelativeToIt() {
        var ipxe = new PathContext(null, null, null, "http://192.0.2.1/boot/menu.ipxe");
        assertThat(resolve("vmlinuz", ipxe)).isEqualTo("http://192.0.2.1/boot/vmlinuz");
        assertThat(resolve("../k/initrd.img", ipxe)).isEqualTo("http://192.0.2.1/k/initrd.img");
    }
}
