package lobos.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code lobos mkimage} made.
 *
 * @param initramfs the loader's initramfs
 * @param kernel    the kernel to boot it with (a copy of the configured one)
 * @param release   the kernel's release, whose modules are in the image
 * @param sizes     uncompressed bytes per part of the image (runtime, jars, modules, ...)
 * @param modules   what each module the config asks for adds, in the order they were asked for
 */
public record BootImage(Path initramfs, Path kernel, String release, long initramfsBytes, long kernelBytes,
        Map<String, Long> sizes, List<ModuleCost> modules) {}
