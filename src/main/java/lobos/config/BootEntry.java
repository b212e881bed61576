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
 * @param help     text shown when the entry is highlighted (syslinux TEXT HELP), or null
 * @param sysappend what the network layer must append to {@code cmdline} at boot time, as
 *                 syslinux's IPAPPEND/SYSAPPEND bit mask ({@link #SYSAPPEND_IP} {@code ip=...},
 *                 {@link #SYSAPPEND_BOOTIF} {@code BOOTIF=01-mac}, {@link #SYSAPPEND_SYSUUID}
 *                 {@code SYSUUID=...}, higher bits CPU and DMI strings); 0 for nothing
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
        List<String> warnings,
        String help,
        int sysappend)
        implements MenuItem {

    public static final int SYSAPPEND_IP = 1;
    public static final int SYSAPPEND_BOOTIF = 2;
    public static final int SYSAPPEND_SYSUUID = 4;

    public enum Kind {
        /** A Linux kernel (or anything kexec_file_load takes) with initrds and a command line. */
        LINUX,
        /** A Multiboot (v1) kernel with modules. */
        MULTIBOOT,
        /** A Multiboot2 kernel with modules. */
        MULTIBOOT2,
        /**
         * Another boot loader or a boot sector: handed back to the firmware. {@code kernel} names
         * what to hand over (a boot sector or EFI file, a device such as {@code hda7}, or a syslinux
         * module such as {@code chain.c32} or {@code localboot}) and {@code cmdline} its arguments.
         */
        CHAINLOAD
    }

    public BootEntry {
        initrds = List.copyOf(initrds);
        modules = List.copyOf(modules);
        warnings = List.copyOf(warnings);
        if (context == null) context = PathContext.NONE;
    }

    /** Without help text or sysappend bits (the original twelve components). */
    public BootEntry(String title, String id, Kind kind, String kernel, List<String> initrds, String cmdline,
            String devicetree, List<String> modules, boolean hidden, PathContext context, Source source,
            List<String> warnings) {
        this(title, id, kind, kernel, initrds, cmdline, devicetree, modules, hidden, context, source, warnings,
                null, 0);
    }

    /** The same entry under another id (discovery makes ids unique across configs). */
    public BootEntry withId(String newId) {
        return new BootEntry(title, newId, kind, kernel, initrds, cmdline, devicetree, modules, hidden, context,
                source, warnings, help, sysappend);
    }

    /** A plain Linux entry with no device tree, modules or warnings. */
    public static BootEntry linux(String title, String id, String kernel, List<String> initrds, String cmdline,
            PathContext context, Source source) {
        return new BootEntry(title, id, Kind.LINUX, kernel, initrds, cmdline, null, List.of(), false, context,
                source, List.of(), null, 0);
    }
}
