package lobos.config;

import java.util.List;

/**
 * One configuration format (kboot.conf, GRUB, syslinux, Boot Loader Spec, iPXE): where its
 * files live on a file system and how to read one into a {@link Menu}. Discovery asks every
 * format for its {@link #locations()} on every volume and reads what exists.
 */
public interface ConfigFormat {
    /** Short name used in output and docs: "kboot", "grub", "syslinux", "bls", "ipxe". */
    String name();

    /** Paths relative to a volume's root where configs of this format live, most specific first. */
    List<String> locations();

    /**
     * The ways firmware starts this format's boot loader from one volume, each as the paths that
     * loader tries, in its order. Discovery reads the first existing path of every group, so one
     * volume can give several configs of a format where the firmware would use each (GRUB from
     * the BIOS reads /boot/grub/grub.cfg, GRUB from the EFI removable path /EFI/BOOT/grub.cfg).
     * Every path is one of {@link #locations()}; by default there is one group, all of them.
     */
    default List<List<String>> startPaths() {
        return List.of(locations());
    }

    /**
     * Reads the config at {@code file} (relative to {@code volume.root()}). Problems in the
     * content become {@link Menu#warnings()} and cost only the entry they are in; a file that
     * cannot be read at all throws {@link ConfigException}.
     *
     * @param others every volume known to the caller, for lookups by UUID, label or file
     *               (GRUB's {@code search}); may be empty
     */
    Menu read(Volume volume, String file, List<Volume> others);
}
