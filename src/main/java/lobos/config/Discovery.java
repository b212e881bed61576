package lobos.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lobos.LobosException;

/**
 * Finds the boot configs on mounted volumes and merges them into one menu. Every format is
 * asked on every volume; for each of its {@link ConfigFormat#startPaths()} (one way firmware
 * starts that boot loader) the first location that exists is read: the file the format's own
 * boot loader would use when started that way. A GRUB ISO thus gives its BIOS menu
 * (/boot/grub2/grub.cfg) and its EFI menu (/EFI/BOOT/grub.cfg); the same file reached twice is
 * read once. A file that cannot be read costs only
 * itself: its error becomes a warning and discovery goes on.
 *
 * <p>The merged menu has one submenu per config found, in volume order (the order the caller
 * gives, e.g. boot disk first) and, on one volume, in {@link ConfigFormats#all()} order: a user
 * sees each config as its own boot loader would have shown it, and nothing is lost when two
 * configs list the same kernel (a Fedora disk's grub.cfg and its BLS entries, an ISO's isolinux
 * and GRUB menus). Entry ids are prefixed with {@code volume:format:} to stay unique (a volume
 * without device, label or UUID, such as a directory given to {@code lobos list}, is
 * {@code dirN}, its place in the list). The default
 * is the first config's that names one (else the first visible entry anywhere), with that
 * config's timeout, message and restriction.
 *
 * <p>A config whose every entry another config already listed is left out of the menu (its
 * {@link Found#sameAs()} says which): Fedora's grub.cfg imports the BLS entries with
 * {@code blscfg}, filling in {@code $kernelopts} from grubenv, and the same entries read
 * directly from {@code /loader/entries} would only repeat them, less complete. Entries are the
 * same when they come from the same file and name the same kernel and initrds.
 */
public final class Discovery {
    private final List<ConfigFormat> formats;

    public Discovery(List<ConfigFormat> formats) {
        this.formats = List.copyOf(formats);
    }

    /** Discovery over every format lobos knows. */
    public static Discovery standard() {
        return new Discovery(ConfigFormats.all());
    }

    /**
     * One config file that was found.
     *
     * @param volume  the volume's name ({@link Volume#name()})
     * @param file    where the file is, as a user names it
     * @param entries how many boot entries it gave; 0 if it failed
     * @param error   why it could not be read, or null
     */
    public record Found(String volume, String format, String file, int entries, String error, String sameAs) {
        Found(String volume, String format, String file, int entries, String error) {
            this(volume, format, file, entries, error, null);
        }
    }

    /** What makes two entries the same one read twice: their file, kernel and initrds. */
    private record Identity(String file, String kernel, List<String> initrds) {
        static Identity of(BootEntry e) {
            return new Identity(e.source() == null ? null : e.source().file(), e.kernel(), e.initrds());
        }
    }

    /**
     * @param menu    the merged menu; its warnings are those of discovery itself (unreadable files,
     *                configs without entries), each submenu keeps its own
     * @param configs every config file found, in rank order
     */
    public record Result(Menu menu, List<Found> configs) {
        /** Every warning of the merged menu and its submenus. */
        public List<Warning> warnings() {
            return menu.allWarnings();
        }
    }

    public Result discover(List<Volume> volumes) {
        Merge merge = new Merge();
        for (int v = 0; v < volumes.size(); v++) {
            Volume volume = volumes.get(v);
            // ids name the volume briefly: its device, label or UUID, else "dirN" for the Nth volume
            String key = volume.device() == null && volume.label() == null && volume.uuid() == null
                    ? "dir" + (v + 1) : volume.name();
            for (ConfigFormat format : formats) {
                Set<Path> read = new HashSet<>();
                int nth = 0;
                for (List<String> group : format.startPaths()) {
                    String file = firstExisting(volume, group);
                    // the same file reached on two start paths (a symbolic link) is read once
                    if (file == null || !read.add(VolumeFiles.resolve(volume, file).orElseThrow())) continue;
                    String prefix = key + ":" + (++nth == 1 ? format.name() : format.name() + "#" + nth) + ":";
                    merge.add(volume, format, file, prefix, volumes);
                }
            }
        }
        return merge.result();
    }

    /** The merged menu as it grows, config by config. */
    private static final class Merge {
        final List<MenuItem> items = new ArrayList<>();
        final List<Found> found = new ArrayList<>();
        final List<Warning> warnings = new ArrayList<>();
        final Map<Identity, String> listed = new HashMap<>();
        Menu chosen;
        boolean explicit;

        void add(Volume volume, ConfigFormat format, String file, String prefix, List<Volume> volumes) {
            String where = volume.where(file);
            Menu menu;
            try {
                menu = format.read(volume, file, volumes);
            } catch (LobosException e) {
                failed(volume, format, where, e.getMessage());
                return;
            } catch (RuntimeException | StackOverflowError e) {
                // a bug in one parser must not cost the user every other config
                failed(volume, format, where, "lobos failed reading this file (" + e + "); please report it");
                return;
            }
            String sameAs = coveredBy(menu, listed);
            found.add(new Found(volume.name(), format.name(), where, menu.entries().size(), null, sameAs));
            if (sameAs != null) return;
            for (BootEntry e : menu.entries()) listed.putIfAbsent(Identity.of(e), where);
            if (menu.entries().isEmpty()) {
                warnings.add(new Warning(new Source(where, 0), "no boot entries in this " + format.name() + " config"));
                warnings.addAll(menu.allWarnings());
                return;
            }
            Menu sub = prefixed(menu, prefix, menu.title() != null ? menu.title() + " (" + where + ")" : where);
            items.add(sub);
            if (!explicit && menu.defaultId() != null) {
                chosen = sub;
                explicit = true;
            } else if (chosen == null) {
                chosen = sub;
            }
        }

        void failed(Volume volume, ConfigFormat format, String where, String message) {
            warnings.add(new Warning(new Source(where, 0), message));
            found.add(new Found(volume.name(), format.name(), where, 0, message));
        }

        Result result() {
            BootEntry e = chosen == null ? null : chosen.defaultEntry();
            Menu merged = new Menu("lobos", items, e == null ? null : e.id(), chosen == null ? null : chosen.timeout(),
                    chosen == null ? null : chosen.message(), chosen != null && chosen.restricted(), null, warnings);
            return new Result(merged, found);
        }
    }

    /** Where every entry of {@code menu} was already listed, if one config listed them all. */
    private static String coveredBy(Menu menu, Map<Identity, String> listed) {
        List<BootEntry> entries = menu.entries();
        if (entries.isEmpty()) return null;
        String where = listed.get(Identity.of(entries.getFirst()));
        if (where == null) return null;
        for (BootEntry e : entries) {
            if (!where.equals(listed.get(Identity.of(e)))) return null;
        }
        return where;
    }

    private static String firstExisting(Volume volume, List<String> locations) {
        for (String location : locations) {
            if (VolumeFiles.exists(volume, location)) return location;
        }
        return null;
    }

    /** The menu with every entry id (and default id) prefixed, under a new title. */
    static Menu prefixed(Menu menu, String prefix, String title) {
        List<MenuItem> items = new ArrayList<>();
        for (MenuItem item : menu.items()) {
            items.add(switch (item) {
                case BootEntry e -> e.withId(e.id() == null ? null : prefix + e.id());
                case Menu m -> prefixed(m, prefix, m.title());
            });
        }
        return new Menu(title, items, menu.defaultId() == null ? null : prefix + menu.defaultId(), menu.timeout(),
                menu.message(), menu.restricted(), menu.source(), menu.warnings());
    }
}
