package lobos.config.ipxe;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import lobos.config.ConfigException;
import lobos.config.ConfigFormat;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.config.TextLoader;
import lobos.config.Volume;
import lobos.config.VolumeFiles;

/**
 * iPXE scripts on a file system: {@code autoexec.ipxe} (what iPXE runs from the medium it was
 * started from) and the names TFTP roots commonly use. Chained scripts are read from the same
 * volume when they are relative; URLs are not fetched here.
 *
 * <p>As for GRUB ({@code GrubPlatform}), lobos reads a script as the iPXE of the machine it runs
 * on would: {@code ${platform}} is {@code efi} and {@code ${buildarch}} this CPU's
 * ({@code x86_64}, {@code arm64}, {@code i386}), unless the caller gives other settings.
 */
public final class IpxeFormat implements ConfigFormat {
    private final Map<String, String> settings;

    /** EFI on this JVM's CPU. */
    public IpxeFormat() {
        this(Map.of("platform", "efi", "buildarch", lobos.config.Cpu.here()));
    }

    /** @param settings iPXE settings the client would have ({@code platform}, {@code buildarch}...) */
    public IpxeFormat(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    @Override
    public String name() {
        return "ipxe";
    }

    @Override
    public List<String> locations() {
        return List.of("/autoexec.ipxe", "/boot.ipxe", "/menu.ipxe", "/ipxe/boot.ipxe");
    }

    @Override
    public Menu read(Volume volume, String file, List<Volume> others) {
        String text = VolumeFiles.readText(volume, file)
                .orElseThrow(() -> new ConfigException(volume.where(file) + ": not found", "Check the path."));
        TextLoader local = path -> path.contains("://") ? Optional.empty() : VolumeFiles.readText(volume, path);
        return IpxeScript.parse(text, file.startsWith("/") ? file : "/" + file, local,
                p -> p.contains("://") ? p : volume.where(p), settings,
                new PathContext(volume.contextDevice(), null, null, null));
    }
}
