package lobos.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's current kernel for an architecture: the {@code linux-image-<arch>} metapackage names
 * the image package it depends on, which apt downloads and dpkg-deb unpacks into a cache
 * directory, one per package version. Debian replaces old versions, so nothing here names one.
 */
public final class DebianKernel {
    private static final Pattern DEPENDS = Pattern.compile("(?m)^Depends: *(linux-image-[^ ,(]+)");
    private static final Pattern VERSION = Pattern.compile("(?m)^Version: *(\\S+)");
    private static final String APT_HINT = "lobos takes the kernel from Debian's archive: run `apt-get update` "
            + "(as root) so apt knows linux-image-amd64, or set kernel= in build.conf to a kernel file";

    private DebianKernel() {}

    /** The metapackage name for an architecture, e.g. linux-image-amd64. */
    public static String metapackage(String debianArch) {
        return "linux-image-" + debianArch;
    }

    /** Returns the unpacked current kernel, downloading it into {@code cache} if needed. */
    public static KernelTree fetch(Path cache, String debianArch, Consumer<String> log) {
        String meta = metapackage(debianArch);
        String imagePackage = field(DEPENDS, aptShow(meta), meta, "Depends");
        String version = field(VERSION, aptShow(imagePackage), imagePackage, "Version");
        Path dir = cache.resolve(imagePackage + "_" + version.replace(':', '%'));
        if (!Files.isDirectory(dir.resolve("boot"))) {
            log.accept("downloading " + imagePackage + " " + version + " (about 70 MB) into " + cache);
            unpack(cache, imagePackage, dir);
        }
        return tree(dir);
    }

    private static String aptShow(String pkg) {
        return HostCommand.run(null, List.of("apt-cache", "show", "--no-all-versions", pkg), APT_HINT);
    }

    private static String field(Pattern p, String text, String pkg, String name) {
        Matcher m = p.matcher(text);
        if (!m.find()) throw new BuildException("apt-cache show " + pkg + " has no " + name + " field", APT_HINT);
        return m.group(1);
    }

    private static void unpack(Path cache, String pkg, Path dir) {
        try {
            Files.createDirectories(cache);
            Path work = Files.createTempDirectory(cache, "download-");
            try {
                HostCommand.run(work, List.of("apt-get", "download", pkg), APT_HINT);
                Path deb;
                try (Stream<Path> s = Files.list(work)) {
                    deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst()
                            .orElseThrow(() -> new BuildException("apt-get download " + pkg + " left no .deb",
                                    APT_HINT));
                }
                Path unpacked = work.resolve("tree");
                HostCommand.run(work, List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()),
                        "dpkg-deb comes with every Debian system; is this Debian?");
                // Move into place only when whole, so an interrupted download is retried next time.
                Files.move(unpacked, dir);
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw new BuildException("cannot unpack " + pkg + " into " + dir + ": " + e.getMessage(),
                    "check free space and permissions of " + cache, e);
        }
    }

    /** The kernel image and modules in an unpacked linux-image package. */
    static KernelTree tree(Path dir) {
        try (Stream<Path> boot = Files.list(dir.resolve("boot"));
                Stream<Path> modules = Files.list(dir.resolve("lib/modules"))) {
            Path image = boot.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst()
                    .orElseThrow(() -> new BuildException("no vmlinuz-* in " + dir.resolve("boot"),
                            "delete " + dir + " to download it again"));
            Path modulesDir = modules.filter(Files::isDirectory).findFirst().orElse(null);
            return new KernelTree(image, modulesDir,
                    modulesDir == null ? null : modulesDir.getFileName().toString());
        } catch (IOException e) {
            throw new BuildException("cannot read the unpacked kernel in " + dir + ": " + e.getMessage(),
                    "delete " + dir + " to download it again", e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
