package lobos.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsWithoutBuildConf() {
        BuildConfig c = BuildConfig.read(dir);
        assertThat(c.kernel()).isEqualTo("debian");
        assertThat(c.compression()).isEqualTo("zstd");
        assertThat(c.modules()).isEmpty();
        assertThat(c.javaModules()).containsExactly("java.base", "java.rmi", "java.management", "jdk.unsupported");
        assertThat(c.jvmOptions()).containsExactly("-XX:+UseSerialGC");
        assertThat(c.startupCache()).isEqualTo("appcds");
    }

    @Test
    void listsAddUpAndOtherKeysReplace() throws Exception {
        Files.writeString(dir.resolve("build.conf"), """
                # comment
                modules = virtio_blk ext4
                modules = vfat
                compression = gzip
                compression = none
                java-modules = jdk.unsupported java.base
                """);
        BuildConfig c = BuildConfig.read(dir);
        assertThat(c.modules()).containsExactly("virtio_blk", "ext4", "vfat");
        assertThat(c.compression()).isEqualTo("none");
        assertThat(c.javaModules()).containsExactly("java.base", "java.rmi", "java.management",
                "jdk.unsupported");
    }

    @Test
    void autoStandsForTheDriverListAndMixesWithNamesAndExclusions() throws Exception {
        Files.writeString(dir.resolve("build.conf"), "modules = auto ata_piix -mlx5-core\nmodules = -i40e\n");
        BuildConfig c = BuildConfig.read(dir);
        assertThat(c.autoModules()).isTrue();
        assertThat(c.namedModules()).containsExactly("ata_piix");
        assertThat(c.excludedModules()).containsExactly("mlx5_core", "i40e");
        assertThat(AutoModules.names()).contains("virtio_blk", "nvme", "xhci_pci", "usb_storage", "e1000e", "mlx5_core")
                .doesNotHaveDuplicates().doesNotContain("bnx2x");
        Files.writeString(dir.resolve("build.conf"), "modules = virtio_blk\n");
        assertThat(BuildConfig.read(dir).autoModules()).isFalse();
        Files.writeString(dir.resolve("build.conf"), "modules = virtio_blk -e1000\n");
        assertThatThrownBy(() -> BuildConfig.read(dir)).hasMessageContaining("leaves a module out of auto, and there is no auto");
    }

    @Test
    void mistakesNameFileAndLine() throws Exception {
        Files.writeString(dir.resolve("build.conf"), "kernel = debian\nkernal = x\n");
        assertThatThrownBy(() -> BuildConfig.read(dir)).hasMessage(dir.resolve("build.conf") + ":2: unknown key \"kernal\"");
        Files.writeString(dir.resolve("build.conf"), "modules virtio\n");
        assertThatThrownBy(() -> BuildConfig.read(dir)).hasMessageContaining(":1: expected key = value");
        Files.writeString(dir.resolve("build.conf"), "compression = lz4\n");
        assertThatThrownBy(() -> BuildConfig.read(dir)).hasMessageContaining("compression = lz4 is not known");
        assertThatThrownBy(() -> BuildConfig.read(dir.resolve("missing"))).hasMessageContaining("does not exist");
    }
}
