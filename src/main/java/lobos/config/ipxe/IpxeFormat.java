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
 */
public final class IpxeFormat implements ConfigFormat {
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
                p -> p.contains("://") ? p : volume.where(p), Map.of(),
                new PathContext(volume.contextDevice(), null, null, null));
    }
}
