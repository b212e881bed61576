package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import lobos.build.BootImage;
import lobos.build.BootImageBuilder;
import lobos.build.BuildConfig;
import org.junit.jupiter.api.Test;

/** Two builds of the same config give the same bytes (the shared test image is one of them). */
class ReproducibleImageIT {
    @Test
    void twoBuildsAreByteIdentical() throws Exception {
        BootImage first = TestImages.loader();
        BootImage second = new BootImageBuilder(BuildConfig.read(Path.of("src/test/resources/lobos/it/loader")),
                BootImageBuilder.defaultCache(), System.out::println).build(TestImages.DIR.resolve("image-again"));
        assertThat(second.initramfs()).isNotEqualTo(first.initramfs());
        assertThat(Files.mismatch(first.initramfs(), second.initramfs())).isEqualTo(-1L);
        assertThat(Files.mismatch(first.kernel(), second.kernel())).isEqualTo(-1L);
    }
}
