package lobos.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import lobos.build.BootImage;
import lobos.build.BootImageBuilder;
import lobos.build.BuildConfig;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import org.junit.jupiter.api.TestInfo;

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

    /** Time for a guest to boot, kexec and report, under TCG on a loaded machine. */
    static final Duration BOOT = Duration.ofSeconds(150);

    /**
     * Boots the loader with {@code kbootConf} in QEMU; {@code append} goes on the loader's
     * command line, {@code qemuArgs} (disks, network) on QEMU's. The console log is
     * target/it/TESTNAME.log.
     */
    static Qemu boot(TestInfo test, String kbootConf, String append, List<String> qemuArgs) throws IOException {
        String name = test.getTestMethod().orElseThrow().getName();
        Path initrd = withOverlay(name, kbootConf);
        return Qemu.start(new Qemu.Options(loader().kernel(), initrd, ("console=ttyS0 panic=-1 quiet " + append).strip(),
                1024, qemuArgs), DIR.resolve(name + ".log"));
    }

    /** What the probe in the target printed: everything between its markers. */
    static String probeReport(Qemu qemu) throws InterruptedException {
        qemu.expect(Pattern.quote(ProbeImage.BEGIN), BOOT);
        return qemu.expect("(?s)(.*?)" + Pattern.quote(ProbeImage.END), BOOT).group(1);
    }

    /** The loader's initrd plus the target kernel, the probe and {@code kbootConf} as /etc/kboot.conf. */
    static Path withOverlay(String name, String kbootConf) throws IOException {
        return ProbeImage.loaderWithTarget(loader(), Path.of("/bin/busybox"), kbootConf,
                DIR.resolve(name + "-initrd.img"));
    }
}
