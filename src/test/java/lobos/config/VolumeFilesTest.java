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
    void linkLoopsEnd() throws Exception {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        assertThat(VolumeFiles.resolve(Volume.of(root), "/a")).isEmpty();
    }

    @Test
    void binaryLargeAndDirectoryAreErrors() throws Exception {
        Files.write(root.resolve("bin.cfg"), new byte[] {'a', 0, 'b'});
        Files.write(root.resolve("big.cfg"), new byte[VolumeFiles.MAX_CONFIG_BYTES + 1]);
        Files.createDirectories(root.resolve("dir.cfg"));
        Volume v = new Volume(root, "sdz9", null, null);
        assertThatThrownBy(() -> VolumeFiles.readText(v, "bin.cfg")).isInstanceOf(ConfigException.class)
                .hasMessage("sdz9:/bin.cfg: not a text file (NUL byte at offset 1)");
        assertThatThrownBy(() -> VolumeFiles.readText(v, "big.cfg")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("more than a config file can be");
        assertThatThrownBy(() -> VolumeFiles.readText(v, "dir.cfg")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is a directory");
    }
}
