package lobos.kexec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds a kernel by part of its name, as LOBOS did ({@code lobos linux-2.2.13} found
 * {@code /usr/src/linux-2.2.13/vmlinux}): {@code lobos boot 6.1.0-56} finds
 * {@code /boot/vmlinuz-6.1.0-56-amd64}. A name that is an existing file is used as it is.
 */
public final class KernelLookup {
    /** Kernel file name prefixes distributions and kernel builds use in /boot. */
    private static final List<String> BOOT_PREFIXES = List.of("vmlinuz", "vmlinux", "bzImage", "kernel", "Image",
            "linux");

    private final Path root;

    /** @param root the file system to search ("/" on a running system, a directory in tests) */
    public KernelLookup(Path root) {
        this.root = root;
    }

    /** A kernel found by name, with the initrd that belongs to it if one sits beside it. */
    public record Found(Path kernel, Path initrd) {}

    /**
     * A name with a slash is a path and must exist. Any other name is first looked up as part of
     * a kernel file name in /boot, /usr/lib/modules and /usr/src, then as a file in the current
     * directory (write {@code ./name} to skip the search).
     */
    public Found find(String name) {
        if (name.contains("/")) {
            Path path = Path.of(name).toAbsolutePath();
            if (!Files.isRegularFile(path)) {
                throw new KexecException("no such kernel file: " + path,
                        "check the path, or give part of a kernel's name to search " + root.resolve("boot"));
            }
            return new Found(path, null);
        }
        List<Path> candidates = candidates(name);
        if (candidates.isEmpty()) {
            Path here = Path.of(name).toAbsolutePath();
            if (Files.isRegularFile(here)) return new Found(here, null);
            throw new KexecException("no kernel matches \"" + name + "\"",
                    "give a path to a kernel file, or part of a name from " + listing());
        }
        if (candidates.size() > 1) {
            // An exact version match wins over longer names that contain it (6.1.0-5 vs 6.1.0-56).
            List<Path> exact = candidates.stream().filter(p -> versionOf(p).equals(name)).toList();
            if (exact.size() == 1) candidates = exact;
        }
        if (candidates.size() > 1) {
            StringBuilder list = new StringBuilder();
            for (Path p : candidates) list.append("\n    ").append(p);
            throw new KexecException("\"" + name + "\" matches " + candidates.size() + " kernels:" + list,
                    "give a longer part of the name, or the whole path");
        }
        Path kernel = candidates.getFirst();
        return new Found(kernel, initrdFor(kernel));
    }

    private List<Path> candidates(String name) {
        List<Path> out = new ArrayList<>();
        Path boot = root.resolve("boot");
        for (Path p : list(boot)) {
            String file = p.getFileName().toString();
            if (isKernelName(file) && file.contains(name) && Files.isRegularFile(p)) out.add(p);
        }
        // Fedora/Arch keep a copy per version under /usr/lib/modules/<version>/vmlinuz.
        for (Path dir : list(root.resolve("usr/lib/modules"))) {
            Path vmlinuz = dir.resolve("vmlinuz");
            if (dir.getFileName().toString().contains(name) && Files.isRegularFile(vmlinuz)
                    && out.stream().noneMatch(p -> sameFile(p, vmlinuz))) {
                out.add(vmlinuz);
            }
        }
        // Kernel trees: /usr/src/linux-<name>/arch/<arch>/boot/bzImage or Image.
        for (Path dir : list(root.resolve("usr/src"))) {
            if (!dir.getFileName().toString().contains(name)) continue;
            for (String built : List.of("arch/x86/boot/bzImage", "arch/arm64/boot/Image")) {
                if (Files.isRegularFile(dir.resolve(built))) out.add(dir.resolve(built));
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static boolean isKernelName(String file) {
        return BOOT_PREFIXES.stream().anyMatch(file::startsWith) && !file.endsWith(".old")
                && !file.endsWith(".sig") && !file.endsWith(".hmac");
    }

    /** The version part of a kernel file name: "6.1.0-56-amd64" for /boot/vmlinuz-6.1.0-56-amd64. */
    static String versionOf(Path kernel) {
        String file = kernel.getFileName().toString();
        if (file.equals("vmlinuz") && kernel.getParent() != null) return kernel.getParent().getFileName().toString();
        int dash = file.indexOf('-');
        return dash < 0 ? file : file.substring(dash + 1);
    }

    /** The initrd distributions install next to a kernel, if present. */
    Path initrdFor(Path kernel) {
        String version = versionOf(kernel);
        Path dir = kernel.getParent();
        List<String> names = kernel.getFileName().toString().equals("vmlinuz")
                ? List.of("initramfs.img", "initrd.img", "initrd")
                : List.of("initrd.img-" + version, "initramfs-" + version + ".img", "initrd-" + version,
                        "initramfs-" + version, "initrd-" + version + ".img");
        for (String n : names) {
            if (Files.isRegularFile(dir.resolve(n))) return dir.resolve(n);
        }
        return null;
    }

    private String listing() {
        List<String> kernels = new ArrayList<>();
        for (Path p : list(root.resolve("boot"))) {
            if (isKernelName(p.getFileName().toString()) && Files.isRegularFile(p)) kernels.add(p.toString());
        }
        return kernels.isEmpty() ? root.resolve("boot") + " (it holds no kernels)" : String.join(", ", kernels);
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
