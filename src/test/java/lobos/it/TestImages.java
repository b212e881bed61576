package lobos.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import lobos.build.BootImage;
import lobos.build.BootImageBuilder;
import lobos.build.BuildConfig;
import lobos.build.ProbeImage;
import lobos.build.Qemu;
import lobos.initramfs.Compression;
import lobos.initramfs.Content;
import lobos.initramfs.Initrd;
import lobos.initramfs.InitramfsBuilder;
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
        return boot(test, kbootConf, append, qemuArgs, 1024);
    }

    /** Same, in a machine of {@code memoryMiB} (the JVM's heap is a quarter of it). */
    static Qemu boot(TestInfo test, String kbootConf, String append, List<String> qemuArgs, int memoryMiB) throws IOException {
        String name = test.getTestMethod().orElseThrow().getName();
        Path initrd = withOverlay(name, kbootConf);
        return Qemu.start(new Qemu.Options(loader().kernel(), initrd, ("console=ttyS0 panic=-1 quiet " + append).strip(),
                memoryMiB, qemuArgs), DIR.resolve(name + ".log"));
    }

    /** The last line of the full-screen menu: it is drawn, and reads keys. */
    static final String MENU_KEYS = "Up/Down j/k: move";
    /** The boot shell's prompt in the loader's root directory. */
    static final String SHELL = "lobos://> ";

    /** Waits until the full-screen menu is drawn on the console (after the previous match). */
    static void menu(Qemu qemu) throws InterruptedException {
        qemu.expect(Pattern.quote(MENU_KEYS), BOOT);
    }

    /** Waits for the menu on the console, then opens the boot shell with {@code c}. */
    static void bootShell(Qemu qemu) throws IOException, InterruptedException {
        menu(qemu);
        qemu.type("c");
        qemu.expect(Pattern.quote(SHELL), BOOT);
    }

    /** From the menu to busybox's shell: {@code c}, then {@code sh} in the boot shell. */
    static void busybox(Qemu qemu) throws IOException, InterruptedException {
        bootShell(qemu);
        qemu.send("sh");
        qemu.expect("# ", BOOT);
    }

    /** What the probe in the target printed: everything between its markers. */
    static String probeReport(Qemu qemu) throws InterruptedException {
        qemu.expect(Pattern.quote(ProbeImage.BEGIN), BOOT);
        return qemu.expect("(?s)(.*?)" + Pattern.quote(ProbeImage.END), BOOT).group(1);
    }

    /**
     * The loader with the usual target overlay and kboot.conf, then an uncompressed overlay with
     * {@code files} (path in the image to host file), each with {@code mode}.
     */
    static Path withFiles(TestInfo test, String kbootConf, Map<String, Path> files, int mode) throws IOException {
        String name = test.getTestMethod().orElseThrow().getName();
        Path base = withOverlay(name, kbootConf);
        if (files.isEmpty()) return base;
        InitramfsBuilder overlay = new InitramfsBuilder();
        files.forEach((path, file) -> overlay.file(path, file, mode));
        Path extra = DIR.resolve(name + "-files.cpio");
        try (OutputStream out = Files.newOutputStream(extra)) {
            overlay.writeTo(out, Compression.NONE);
        }
        Path joined = DIR.resolve(name + "-all.img");
        try (OutputStream out = Files.newOutputStream(joined)) {
            Initrd.concatenate(List.of(Content.of(base), Content.of(extra)), out);
        }
        return joined;
    }

    /** The loader's initrd plus the target kernel, the probe and {@code kbootConf} as /etc/kboot.conf. */
    static Path withOverlay(String name, String kbootConf) throws IOException {
        return ProbeImage.loaderWithTarget(loader(), Path.of("/bin/busybox"), kbootConf,
                DIR.resolve(name + "-initrd.img"));
    }
}
