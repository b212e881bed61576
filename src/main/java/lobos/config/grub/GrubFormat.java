package lobos.config.grub;

import java.util.List;
import lobos.config.ConfigException;
import lobos.config.ConfigFormat;
import lobos.config.Menu;
import lobos.config.Volume;
import lobos.config.VolumeFiles;

/**
 * GRUB 2's grub.cfg, interpreted as GRUB would run it (see {@link GrubInterpreter}): the result
 * is the menu GRUB would show, with each entry's kernel, initrds and command line as its body
 * would load them. Problems inside the file cost only the statement or entry they are in and
 * become warnings; a file that cannot be read at all throws {@link ConfigException}.
 */
public final class GrubFormat implements ConfigFormat {
    private final GrubPlatform platform;
    private final GrubLimits limits;

    /** GRUB on EFI on this JVM's CPU. */
    public GrubFormat() {
        this(GrubPlatform.efiOnThisCpu());
    }

    public GrubFormat(GrubPlatform platform) {
        this(platform, GrubLimits.DEFAULT);
    }

    /** With other bounds than the documented ones (the fuzz test's are smaller, so that it runs fast). */
    GrubFormat(GrubPlatform platform, GrubLimits limits) {
        this.platform = platform;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "grub";
    }

    /**
     * Where distributions and installers put grub.cfg, relative to the file system that holds it:
     * <ul>
     * <li>{@code boot/grub/grub.cfg}: Debian, Ubuntu, Arch, Gentoo, Alpine with /boot on the root
     *     file system; Debian and Ubuntu installer and live media</li>
     * <li>{@code boot/grub2/grub.cfg}: Fedora, RHEL and clones, openSUSE, SLES (root file system);
     *     Fedora live media for BIOS</li>
     * <li>{@code grub/grub.cfg}, {@code grub2/grub.cfg}: the same on a separate /boot partition
     *     (Fedora and RHEL have one by default)</li>
     * <li>{@code EFI/<id>/grub.cfg} on the EFI system partition, where the signed GRUB of a
     *     distribution looks first; usually a stub that searches the /boot file system by UUID
     *     and hands over with {@code configfile} (Debian, Ubuntu), on Fedora/RHEL before 34 the
     *     whole menu</li>
     * <li>{@code EFI/BOOT/grub.cfg}: the removable-media path, used by Fedora/RHEL install media</li>
     * </ul>
     */
    @Override
    public List<String> locations() {
        return List.of("boot/grub/grub.cfg", "boot/grub2/grub.cfg", "grub/grub.cfg", "grub2/grub.cfg",
                "EFI/debian/grub.cfg", "EFI/ubuntu/grub.cfg", "EFI/fedora/grub.cfg", "EFI/redhat/grub.cfg",
                "EFI/centos/grub.cfg", "EFI/rocky/grub.cfg", "EFI/almalinux/grub.cfg", "EFI/opensuse/grub.cfg",
                "EFI/sles/grub.cfg", "EFI/BOOT/grub.cfg");
    }

    /**
     * GRUB started by the BIOS finds its prefix at boot/grub (or boot/grub2, or the same on a
     * separate /boot); GRUB started by EFI firmware reads the grub.cfg beside its own image, one
     * per directory the firmware boots: each distribution's {@code EFI/<id>} (an NVRAM boot entry)
     * and the removable-media path {@code EFI/BOOT}. The groups of the platform lobos reads GRUB
     * as come first, so the default of the first config is that platform's.
     */
    @Override
    public List<List<String>> startPaths() {
        List<String> all = locations();
        List<List<String>> efi = all.stream().filter(l -> l.startsWith("EFI/")).map(List::of).toList();
        List<String> bios = all.stream().filter(l -> !l.startsWith("EFI/")).toList();
        var groups = new java.util.ArrayList<List<String>>();
        if (platform.platform().equals("efi")) {
            groups.addAll(efi);
            groups.add(bios);
        } else {
            groups.add(bios);
            groups.addAll(efi);
        }
        return groups;
    }

    @Override
    public Menu read(Volume volume, String file, List<Volume> others) {
        String rel = file.replaceFirst("^/+", "");
        String text = VolumeFiles.readText(volume, rel).orElseThrow(() -> new ConfigException("GRUB config "
                + volume.where(rel) + " does not exist or lies outside the volume",
                "check that the file system is mounted and holds " + file));
        return parse(volume, rel, text, others);
    }

    /** Interprets {@code text} as the config at {@code file} on {@code volume}; never throws for bad content. */
    public Menu parse(Volume volume, String file, String text, List<Volume> others) {
        return new GrubInterpreter(volume, others, platform, limits).run(file, text);
    }
}
