package lobos.config.kboot;

import java.util.List;
import java.util.Optional;
import lobos.config.ConfigException;
import lobos.config.ConfigFormat;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.config.Volume;
import lobos.config.VolumeFiles;
import lobos.config.Warning;

/**
 * kboot.conf: {@code /etc/kboot.conf} is where kboot kept it in its own environment (the boot
 * loader's initramfs); on a disk lobos also looks for {@code /boot/kboot.conf}.
 */
public final class KbootFormat implements ConfigFormat {
    @Override
    public String name() {
        return "kboot";
    }

    @Override
    public List<String> locations() {
        return List.of("/etc/kboot.conf", "/boot/kboot.conf");
    }

    @Override
    public Menu read(Volume volume, String file, List<Volume> others) {
        KbootConf conf = readConf(volume, file);
        String message = null;
        Warning messageWarning = null;
        if (conf.message() != null && !conf.message().isBlank()) {
            // a path in kboot's own environment (//path) or the booted one (/path); other
            // generalized paths (device:, host:, URLs) are read when the menu is shown, not here
            String path = conf.message().startsWith("//") ? conf.message().substring(1) : conf.message();
            if (path.startsWith("/")) {
                Optional<String> text = VolumeFiles.readText(volume, path);
                message = text.orElse(null);
                if (text.isEmpty()) {
                    messageWarning = new Warning(conf.settingSources().getOrDefault("message", conf.source()),
                            "message file " + conf.message() + " not found");
                }
            }
        }
        String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : "";
        Menu menu = conf.toMenu(new PathContext(volume.contextDevice(), null, dir.isEmpty() ? "/" : dir, null),
                message);
        if (messageWarning == null) return menu;
        var warnings = new java.util.ArrayList<>(menu.warnings());
        warnings.add(messageWarning);
        return new Menu(menu.title(), menu.items(), menu.defaultId(), menu.timeout(), menu.message(),
                menu.restricted(), menu.source(), warnings);
    }

    /**
     * The settings and labels of the kboot.conf at {@code file} on {@code volume}; what
     * {@code lobos init} reads from its own {@code /etc/kboot.conf}.
     *
     * @throws ConfigException if the file is missing or cannot be read as text
     */
    public static KbootConf readConf(Volume volume, String file) {
        String where = volume.where(file);
        String text = VolumeFiles.readText(volume, file)
                .orElseThrow(() -> new ConfigException(where + ": not found", "Check the path."));
        return KbootConf.parse(text, where);
    }
}
