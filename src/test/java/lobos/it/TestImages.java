package lobos.it;

import java.io.IOException;
import java.nio.file.Path;
import lobos.build.BootImage;
import lobos.build.BootImageBuilder;
import lobos.build.BuildConfig;
import lobos.build.ProbeImage;

/**
 * The loader image the end-to-end tests boot (from src/test/resources/lobos/it/loader), built
 * once per test run and shared. Each scenario boots it with an overlay holding its own
 * /etc/kboot.conf and the target's files ({@link ProbeImage#loaderWithTarget}).
 */
final class TestImages {
    static final Path DIR = Path.of("target/it");
    private static BootImage loader;
    private static RuntimeException loaderFailure;

    private TestImages() {}

    /** The loader image; built by the first test that needs it, and a failure is not retried. */
    static synchronized BootImage loader() throws IOException {
        if (loaderFailure != null) throw loaderFailure;
        if (loader == null) {
            BuildConfig config = BuildConfig.read(Path.of("src/test/resources/lobos/it/loader"));
            try {
                loader = new BootImageBuilder(config, BootImageBuilder.defaultCache(), System.out::println)
                        .build(DIR.resolve("image"));
            } catch (RuntimeException e) {
                loaderFailure = e;
                throw e;
            }
        }
        return loader;
    }

    /** The loader's initrd plus the target kernel, the probe and {@code kbootConf} as /etc/kboot.conf. */
    static Path withOverlay(String name, String kbootConf) throws IOException {
        return ProbeImage.loaderWithTarget(loader(), Path.of("/bin/busybox"), kbootConf,
                DIR.resolve(name + "-initrd.img"));
    }
}
