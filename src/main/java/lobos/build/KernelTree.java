package lobos.build;

import java.nio.file.Path;

/**
 * A kernel and the modules built with it.
 *
 * @param image      the kernel image (bzImage / vmlinuz)
 * @param modulesDir {@code lib/modules/<release>}, or null when there are no modules
 * @param release    the kernel release the modules belong to ({@code uname -r}), or null
 */
public record KernelTree(Path image, Path modulesDir, String release) {}
