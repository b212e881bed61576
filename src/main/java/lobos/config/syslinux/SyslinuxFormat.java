package lobos.config.syslinux;

import java.util.List;
import lobos.config.ConfigException;
import lobos.config.ConfigFormat;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.config.Volume;
import lobos.config.VolumeFiles;

/**
 * syslinux, extlinux, isolinux and pxelinux configs (one language). The locations are where
 * syslinux 4+ searches (extlinux.conf before syslinux.cfg, /boot/... before /...), where U-Boot's
 * distro boot and Debian's u-boot-menu put extlinux.conf, where Alpine's update-extlinux writes
 * it, where syslinux.efi looks, and a TFTP root's pxelinux.cfg/default.
 */
public final class SyslinuxFormat implements ConfigFormat {
    private static final List<String> LOCATIONS = List.of(
            "/boot/extlinux/extlinux.conf",
            "/extlinux/extlinux.conf",
            "/boot/extlinux.conf",
            "/boot/syslinux/extlinux.conf",
            "/boot/syslinux/syslinux.cfg",
            "/syslinux/extlinux.conf",
            "/syslinux/syslinux.cfg",
            "/boot/isolinux/isolinux.cfg",
            "/isolinux/isolinux.cfg",
            "/extlinux.conf",
            "/syslinux.cfg",
            "/isolinux.cfg",
            "/EFI/BOOT/syslinux.cfg",
            "/pxelinux.cfg/default");

    @Override
    public String name() {
        return "syslinux";
    }

    @Override
    public List<String> locations() {
        return LOCATIONS;
    }

    /** syslinux.efi (EFI/BOOT) is started by EFI firmware; every other location by the BIOS or PXE. */
    @Override
    public List<List<String>> startPaths() {
        return List.of(LOCATIONS.stream().filter(l -> !l.startsWith("/EFI/")).toList(), List.of("/EFI/BOOT/syslinux.cfg"));
    }

    @Override
    public Menu read(Volume volume, String file, List<Volume> others) {
        String text = VolumeFiles.readText(volume, file)
                .orElseThrow(() -> new ConfigException(volume.where(file) + ": not found", "Check the path."));
        return SyslinuxParser.parse(text, file, VolumeFiles.loader(volume), volume::where,
                new PathContext(volume.contextDevice(), null, null, null));
    }
}
