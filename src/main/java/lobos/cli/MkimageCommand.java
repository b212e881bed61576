package lobos.cli;

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
        return Main.OK;
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
