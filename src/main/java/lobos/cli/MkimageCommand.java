package lobos.cli;

import lobos.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import lobos.build.BootImage;
import lobos.build.BootImageBuilder;
import lobos.build.BuildConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mkimage", mixinStandardHelpOptions = true,
        description = {"Build the boot loader (kernel + initramfs) from a config directory.",
                "The directory holds build.conf and the files for the image's /etc (kboot.conf, fstab, hosts, message,"
                        + " authorized_keys) and files/ (copied as it is); see docs/boot-image.md."})
final class MkimageCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONFIG_DIR", description = "the config directory")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "where to write the image (default: ${DEFAULT-VALUE})")
    Path output = Path.of("lobos-image");

    @Option(names = "--cache", paramLabel = "DIR", description = "where downloaded kernels are kept (default: ~/.cache/lobos)")
    Path cache;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BootImageBuilder builder = new BootImageBuilder(BuildConfig.read(config),
                cache != null ? cache : BootImageBuilder.defaultCache(), line -> System.err.println("mkimage: " + line));
        BootImage image = builder.build(output);
        if (json) {
            System.out.print(Json.write(image));
            return Main.OK;
        }
        System.out.printf("kernel     %s  %s (%s)%n", image.kernel(), mib(image.kernelBytes()), image.release());
        System.out.printf("initramfs  %s  %s%n", image.initramfs(), mib(image.initramfsBytes()));
        System.out.println("contents (uncompressed):");
        Map<String, Long> sizes = new LinkedHashMap<>(image.sizes());
        long total = sizes.values().stream().mapToLong(Long::longValue).sum();
        sizes.forEach((part, bytes) -> System.out.printf("  %-18s %10s%n", part, mib(bytes)));
        System.out.printf("  %-18s %10s%n", "total", mib(total));
        if (!image.modules().isEmpty()) modules(image.modules());
        return Main.OK;
    }

    /** What each module asked for adds, with the modules it brings; xz of each module alone. */
    private static void modules(java.util.List<lobos.build.ModuleCost> costs) {
        System.out.println("kernel modules (each with the modules it needs that none above brought; xz: each alone):");
        System.out.printf("  %-14s %-9s %9s %9s  %s%n", "module", "why", "size", "xz", "brings");
        long bytes = 0, xz = 0;
        for (var c : costs) {
            System.out.printf("  %-14s %-9s %9s %9s  %s%n", c.name(), c.reason(), kib(c.bytes()), kib(c.xzBytes()),
                    String.join(" ", c.brings()));
            bytes += c.bytes();
            xz += c.xzBytes();
        }
        System.out.printf("  %-14s %-9s %9s %9s%n", "total", "", kib(bytes), kib(xz));
        for (String reason : java.util.List.of("listed", "auto", "on demand")) {
            long b = 0, x = 0;
            for (var c : costs) {
                if (c.reason().equals(reason)) {
                    b += c.bytes();
                    x += c.xzBytes();
                }
            }
            if (b > 0) System.out.printf("  %-14s %-9s %9s %9s%n", "", reason, kib(b), kib(x));
        }
    }

    static String kib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.0f KiB", bytes / 1024.0);
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
