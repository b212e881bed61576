package lobos.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lobos.build.BootImage;
import lobos.build.BootImageBuilder;
import lobos.build.BuildConfig;
import lobos.build.ProbeImage;
import lobos.initramfs.Compression;
import lobos.initramfs.InitramfsBuilder;
import lobos.initramfs.Content;
import lobos.initramfs.Initrd;

/**
 * What the end-to-end tests boot, built once per test run and shared: the loader image (from
 * src/test/resources/lobos/it/loader), the probe initramfs and an extra initrd. Each scenario
 * adds an overlay initrd with its own /etc/kboot.conf and the target's files; the kernel
 * unpacks concatenated archives in order, so the overlay's files replace the image's.
 */
final class TestImages {
    static final Path DIR = Path.of("target/it");
    private static BootImage loader;
    private static RuntimeException loaderFailure;
    private static Path probe;
    private static Path extra;

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

    static synchronized Path probe() throws IOException {
        if (probe == null) probe = ProbeImage.write(Path.of("/bin/busybox"), DIR.resolve("probe.cpio.gz"));
        return probe;
    }

    static synchronized Path extra() throws IOException {
        if (extra == null) {
            extra = ProbeImage.extra(Map.of("extra/second-initrd.txt", "from the second initrd\n"),
                    DIR.resolve("extra.cpio.gz"));
        }
        return extra;
    }

    /**
     * The loader's initramfs followed by an overlay holding {@code kbootConf} as /etc/kboot.conf,
     * the target kernel as /boot/vmlinuz and the probe (and extra initrd) in /boot.
     */
    static Path withOverlay(String name, String kbootConf) throws IOException {
        BootImage image = loader();
        InitramfsBuilder overlay = new InitramfsBuilder()
                .file("etc/kboot.conf", kbootConf.getBytes(), 0644)
                .file("boot/vmlinuz", image.kernel(), 0644)
                .file("boot/probe.gz", probe(), 0644)
                .file("boot/extra.gz", extra(), 0644);
        Path overlayFile = DIR.resolve(name + "-overlay.cpio.gz");
        try (OutputStream out = Files.newOutputStream(overlayFile)) {
            overlay.writeTo(out, Compression.GZIP);
        }
        Path joined = DIR.resolve(name + "-initrd.img");
        try (OutputStream out = Files.newOutputStream(joined)) {
            Initrd.concatenate(List.of(Content.of(image.initramfs()), Content.of(overlayFile)), out);
        }
        return joined;
    }
}
