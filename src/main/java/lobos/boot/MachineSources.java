package lobos.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import lobos.LobosException;
import lobos.config.PathContext;
import lobos.config.Volume;
import lobos.config.VolumeFiles;
import lobos.config.kboot.KbootConf;
import lobos.fetch.Locator;
import lobos.fetch.Progress;
import lobos.path.Location;
import lobos.path.ParsedPath;
import lobos.path.PathParser;
import lobos.storage.BootedSystem;
import lobos.storage.Mounter;
import lobos.storage.ProbedDevice;
import lobos.storage.StorageException;

/**
 * Reads what {@link MenuSources} assembles from the machine: the kboot.conf files of kboot's
 * sources and the file systems on its disks, mounted (read-only unless {@code mount_rw}) where
 * discovery can read them. Every failure costs only its own source and becomes one line in
 * the log: the loader must come up with whatever it could read.
 */
public final class MachineSources {
    /** Larger than any kboot.conf or message file. */
    static final long MAX_TEXT = VolumeFiles.MAX_CONFIG_BYTES;

    private final Locator locator;
    private final EntryPaths paths;
    private final Consumer<String> log;

    /** @param log one line per problem, without the "lobos: " prefix */
    public MachineSources(Locator locator, EntryPaths paths, Consumer<String> log) {
        this.locator = locator;
        this.paths = paths;
        this.log = log;
    }

    /**
     * The kboot.conf at a path of the loader's own file system (its image): read before
     * anything else, since its {@code mount_rw} and {@code root} decide how disks are mounted.
     * A missing or unreadable file is an empty config.
     */
    public static KbootConf imageConf(Path file, Consumer<String> log) {
        String text = "";
        try {
            if (Files.exists(file)) text = Files.readString(file);
            else log.accept("no " + file + ": nothing to boot by default");
        } catch (IOException e) {
            log.accept("cannot read " + file + ": " + e.getMessage());
        }
        return KbootConf.parse(text, file.toString());
    }

    /** A kboot.conf read with {@code context}, with the text of its message file. */
    public MenuSources.Kboot kboot(KbootConf conf, PathContext context) {
        return new MenuSources.Kboot(conf, context, message(conf, context));
    }

    /**
     * The booted system's /etc/kboot.conf, if lobos finds the booted system (kboot.conf's
     * {@code root=}, or the file system whose fstab names itself "/") and it has one.
     */
    public Optional<MenuSources.Kboot> booted(BootedSystem system) {
        Path file;
        try {
            file = system.resolve(new Location.Booted("/etc/kboot.conf"));
        } catch (StorageException e) {
            return Optional.empty(); // no booted system on this machine: nothing to read
        }
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            KbootConf conf = KbootConf.parse(text(file, "/etc/kboot.conf"), "/etc/kboot.conf");
            return Optional.of(kboot(conf, PathContext.NONE));
        } catch (IOException | LobosException e) {
            log.accept("cannot read the booted system's /etc/kboot.conf: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The kboot.conf a {@code kboot=PATH} names (any generalized path). Its own paths are read
     * relative to it: a URL's against the URL, a device's on that device.
     */
    public Optional<MenuSources.Kboot> fromPath(String text) {
        try {
            ParsedPath parsed = PathParser.parse(text);
            Location location = paths.resolve(parsed, PathContext.NONE);
            Path file = locator.file(parsed, location, MAX_TEXT, Progress.NONE);
            KbootConf conf = KbootConf.parse(text(file, text), location.text());
            PathContext context = contextOf(location);
            return Optional.of(kboot(conf, context));
        } catch (IOException | LobosException e) {
            log.accept("kboot=" + text + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** How the paths inside a kboot.conf read from {@code location} are read. */
    static PathContext contextOf(Location location) {
        return switch (location) {
            case Location.Url u -> new PathContext(null, null, null, u.text());
            case Location.DeviceFile d -> new PathContext(d.device().text(), null, parent(d.path()), null);
            case Location.Booted b -> new PathContext(null, null, parent(b.path()), null);
            default -> PathContext.NONE;
        };
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** The text of the message file a kboot.conf names, or null (with a warning if it is unreadable). */
    private String message(KbootConf conf, PathContext context) {
        if (conf.message() == null || conf.message().isBlank()) return null;
        try {
            ParsedPath parsed = PathParser.parse(conf.message());
            Path file = locator.file(parsed, paths.resolve(parsed, context), MAX_TEXT, Progress.NONE);
            return text(file, conf.message());
        } catch (IOException | RuntimeException e) {
            log.accept("warning: message file " + conf.message() + ": " + e.getMessage());
            return null;
        }
    }

    private static String text(Path file, String where) throws IOException {
        if (Files.size(file) > MAX_TEXT) {
            throw new LobosException(where + " is " + Files.size(file) + " bytes, more than a config file can be",
                    "check that it is a kboot.conf");
        }
        return VolumeFiles.text(Files.readAllBytes(file), where);
    }

    /**
     * Mounts every file system on {@code devices} that lobos can mount and returns them as
     * volumes in device order, with the identity GRUB's {@code search} and BLS paths look for:
     * the device name, UUID and label. Swap, encrypted and unknown contents are left alone; a
     * file system that cannot be mounted costs only itself.
     */
    public static List<Volume> mountAll(List<ProbedDevice> devices, Mounter mounter, Consumer<String> log) {
        List<Volume> volumes = new ArrayList<>();
        for (ProbedDevice d : devices) {
            if (d.fs() == null || !d.fs().mountable()) continue;
            try {
                volumes.add(new Volume(mounter.mount(d), d.device().name(), d.fs().uuid(), d.fs().label()));
            } catch (LobosException e) {
                log.accept("warning: " + e.getMessage());
            }
        }
        return volumes;
    }
}
