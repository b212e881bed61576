package lobos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeFilesTest {
    @TempDir
    Path root;
    @TempDir
    Path outside;

    @Test
    void absoluteLinksStayOnTheVolume() throws Exception {
        Files.writeString(outside.resolve("secret.cfg"), "host file");
        Files.createDirectories(root.resolve("boot"));
        Files.writeString(root.resolve("boot/real.cfg"), "volume file");
        // on the mounted disk, /boot/link.cfg -> /boot/real.cfg means the disk's /boot/real.cfg
        Files.createSymbolicLink(root.resolve("boot/link.cfg"), Path.of("/boot/real.cfg"));
        Files.createSymbolicLink(root.resolve("boot/escape.cfg"), outside.resolve("secret.cfg"));
        Files.createSymbolicLink(root.resolve("boot/up.cfg"), Path.of("../../../../boot/real.cfg"));
        Volume v = Volume.of(root);
        assertThat(VolumeFiles.readText(v, "/boot/link.cfg")).hasValue("volume file");
        assertThat(VolumeFiles.readText(v, "/boot/up.cfg")).hasValue("volume file");
        assertThat(VolumeFiles.readText(v, "/boot/escape.cfg")).isEmpty();
        assertThat(VolumeFiles.readText(v, "/../../" + outside.getFileName() + "/secret.cfg")).isEmpty();
    }

    @Test
    void aNameThisMachineCannotHaveIsNoFile() {
        // found by GrubFormatFuzzTest: "configfile z\0..." threw InvalidPathException out of the interpreter
        Volume v = Volume.of(root);
        assertThat(VolumeFiles.resolve(v, "/boot/z\0\0ub/other.cfg")).isEmpty();
        assertThat(VolumeFiles.kind(v, "z\0")).isEqualTo(VolumeFiles.Kind.MISSING);
        assertThat(VolumeFiles.readText(v, "z\0")).isEmpty();
    }

    @Test
    void linkLoopsEnd() throws Exception {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        assertThat(VolumeFiles.resolve(Volume.of(root), "/a")).isEmpty();
    }

    @Test
    void binaryLargeAndDirectoryAreErrors() throws Exception {
        Files.write(root.resolve("bin.cfg"), new byte[] {'a', 0, 'b'});
        Files.write(root.resolve("big.cfg"), new byte[VolumeFiles.MAX_FILE_BYTES + 1]);
        Files.createDirectories(root.resolve("dir.cfg"));
        Volume v = new Volume(root, "sdz9", null, null);
        assertThatThrownBy(() -> VolumeFiles.readText(v, "bin.cfg")).isInstanceOf(ConfigException.class)
                .hasMessage("sdz9:/bin.cfg: not a text file (NUL byte at offset 1)");
        assertThatThrownBy(() -> VolumeFiles.readText(v, "big.cfg")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("more than a config file can be");
        assertThatThrownBy(() -> VolumeFiles.readText(v, "dir.cfg")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void listingsAreSortedFilteredAndBounded() throws Exception {
        Files.createDirectories(root.resolve("loader/entries"));
        for (int i = VolumeFiles.MAX_DIRECTORY_ENTRIES + 5; i > 0; i--) {
            Files.writeString(root.resolve("loader/entries/e" + String.format("%05d", i) + ".conf"), "title x\n");
        }
        Files.writeString(root.resolve("loader/entries/README"), "not an entry");
        Files.createSymbolicLink(root.resolve("entries"), Path.of("/loader/entries"));
        VolumeFiles.Listing l = VolumeFiles.list(Volume.of(root), "/entries", ".conf");
        assertThat(l.truncated()).isTrue();
        assertThat(l.names()).hasSize(VolumeFiles.MAX_DIRECTORY_ENTRIES).startsWith("e00001.conf", "e00002.conf")
                .noneMatch(n -> n.equals("README"));
        assertThatThrownBy(() -> VolumeFiles.list(Volume.of(root), "/nowhere", ".conf"))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void kindAndSizeFollowTheSameLinkRule() throws Exception {
        Files.createDirectories(root.resolve("boot/grub"));
        Files.writeString(root.resolve("boot/grub/grubenv"), "12345");
        Files.writeString(outside.resolve("host.cfg"), "host");
        Files.createSymbolicLink(root.resolve("env"), Path.of("/boot/grub/grubenv"));
        Files.createSymbolicLink(root.resolve("host"), outside.resolve("host.cfg"));
        Volume v = Volume.of(root);
        assertThat(VolumeFiles.kind(v, "/env")).isEqualTo(VolumeFiles.Kind.FILE);
        assertThat(VolumeFiles.size(v, "env")).isEqualTo(5);
        assertThat(VolumeFiles.kind(v, "/boot/grub/")).isEqualTo(VolumeFiles.Kind.DIRECTORY);
        assertThat(VolumeFiles.kind(v, "/host")).isEqualTo(VolumeFiles.Kind.MISSING);
        assertThat(VolumeFiles.size(v, "/host")).isZero();
        assertThat(VolumeFiles.readBytes(v, "/host")).isEmpty();
    }

    @Test
    void everyFormatReadsThroughTheSeam() throws Exception {
        // the same escaping link under each format's location: no format reads the host's file
        Files.writeString(outside.resolve("evil"), "#!ipxe\nkernel /evil\nboot\nmenuentry evil { linux /evil }\n"
                + "LABEL evil\n KERNEL /evil\ntitle evil\nlinux /evil\nevil=/evil\n");
        for (String location : java.util.List.of("boot/grub/grub.cfg", "loader/entries/evil.conf",
                "boot/syslinux/syslinux.cfg", "boot.ipxe", "etc/kboot.conf")) {
            Path link = root.resolve(location);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, outside.resolve("evil"));
        }
        Discovery.Result r = Discovery.standard().discover(java.util.List.of(Volume.of(root)));
        assertThat(r.menu().entries()).isEmpty();
    }
}
