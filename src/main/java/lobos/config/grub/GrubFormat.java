package lobos.config.grub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lobos.config.ConfigException;
import lobos.config.ConfigFormat;
import lobos.config.Menu;
import lobos.config.Volume;

/**
 * GRUB 2's grub.cfg, interpreted as GRUB would run it (see {@link GrubInterpreter}): the result
 * is the menu GRUB would show, with each entry's kernel, initrds and command line as its body
 * would load them. Problems inside the file cost only the statement or entry they are in and
 * become warnings; a file that cannot be read at all throws {@link ConfigException}.
 */
public final class GrubFormat implements ConfigFormat {
    private final GrubPlatform platform;

    /** GRUB on EFI on this JVM's CPU. */
    public GrubFormat() {
        this(GrubPlatform.efiOnThisCpu());
    }

    public GrubFormat(GrubPlatform platform) {
        this.platform = platform;
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

    @Override
    public Menu read(Volume volume, String file, List<Volume> others) {
        String rel = file;
        while (rel.startsWith("/")) rel = rel.substring(1);
        Path path = new Devices(volume, List.of()).file(new Devices.Location(volume, "", rel), null);
        byte[] data;
        try {
            if (path == null || !Files.isRegularFile(path)) {
                throw new ConfigException("GRUB config " + volume.root().resolve(rel) + " does not exist, is not a"
                        + " file or lies outside the volume", "check that the file system is mounted and holds " + rel);
            }
            if (Files.size(path) > Devices.MAX_FILE) {
                throw new ConfigException("GRUB config " + path + " is larger than " + (Devices.MAX_FILE >> 20)
                        + " MiB", "a real grub.cfg is a few KiB: check that this is the right file");
            }
            data = Files.readAllBytes(path);
        } catch (IOException | SecurityException e) {
            throw new ConfigException("cannot read GRUB config " + path + ": " + e.getMessage(),
                    "check the file's permissions", e);
        }
        return parse(volume, rel, new String(data, StandardCharsets.UTF_8), others);
    }

    /** Interprets {@code text} as the config at {@code file} on {@code volume}; never throws for bad content. */
    public Menu parse(Volume volume, String file, String text, List<Volume> others) {
        return new GrubInterpreter(volume, others, platform).run(file, text);
    }
}
