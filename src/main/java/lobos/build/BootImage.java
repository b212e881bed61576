package lobos.build;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code lobos mkimage} made.
 *
 * @param initramfs the loader's initramfs
 * @param kernel    the kernel to boot it with (a copy of the configured one)
 * @param release   the kernel's release, whose modules are in the image
 * @param sizes     uncompressed bytes per part of the image (runtime, jars, modules, ...)
 */
public record BootImage(Path initramfs, Path kernel, String release, long initramfsBytes, long kernelBytes,
        Map<String, Long> sizes) {}
