package lobos.config;

import java.util.List;

/**
 * One bootable choice. Paths are unresolved text (kernel, initrds, device tree, module
 * paths) plus the {@link PathContext} needed to resolve them: nothing is fetched until the
 * entry is booted.
 *
 * @param id       stable identifier, unique within its menu tree (GRUB --id, syslinux LABEL,
 *                 BLS file name, kboot label); used by {@link Menu#defaultId()}
 * @param initrds  in load order (microcode first); the kexec layer concatenates them
 * @param modules  multiboot modules, each a path followed by its arguments
 * @param warnings problems in this entry that did not make it unusable
 */
public record BootEntry(
        String title,
        String id,
        Kind kind,
        String kernel,
        List<String> initrds,
        String cmdline,
        String devicetree,
        List<String> modules,
        boolean hidden,
        PathContext context,
        Source source,
        List<String> warnings)
        implements MenuItem {

    public enum Kind {
        /** A Linux kernel (or anything kexec_file_load takes) with initrds and a command line. */
        LINUX,
        /** A Multiboot (v1) kernel with modules. */
        MULTIBOOT,
        /** A Multiboot2 kernel with modules. */
        MULTIBOOT2,
        /** Another boot loader or a boot sector: handed back to the firmware. */
        CHAINLOAD
    }

    public BootEntry {
        initrds = List.copyOf(initrds);
        modules = List.copyOf(modules);
        warnings = List.copyOf(warnings);
        if (context == null) context = PathContext.NONE;
    }

    /** A plain Linux entry with no device tree, modules or warnings. */
    public static BootEntry linux(String title, String id, String kernel, List<String> initrds, String cmdline,
            PathContext context, Source source) {
        return new BootEntry(title, id, Kind.LINUX, kernel, initrds, cmdline, null, List.of(), false, context,
                source, List.of());
    }
}
