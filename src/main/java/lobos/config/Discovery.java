package lobos.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lobos.LobosException;

/**
 * Finds the boot configs on mounted volumes and merges them into one menu. Every format is
 * asked on every volume; the first of its {@link ConfigFormat#locations()} that exists is read
 * (the file the format's own boot loader would use). A file that cannot be read costs only
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
        List<MenuItem> items = new ArrayList<>();
        List<Found> found = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        java.util.Map<Identity, String> listed = new java.util.HashMap<>();
        Menu chosen = null;
        boolean explicit = false;
        for (int v = 0; v < volumes.size(); v++) {
            Volume volume = volumes.get(v);
            // ids name the volume briefly: its device, label or UUID, else "dirN" for the Nth volume
            String key = volume.device() == null && volume.label() == null && volume.uuid() == null
                    ? "dir" + (v + 1) : volume.name();
            for (ConfigFormat format : formats) {
                String file = firstExisting(volume, format);
                if (file == null) continue;
                String where = volume.where(file);
                Menu menu;
                try {
                    menu = format.read(volume, file, volumes);
                } catch (LobosException e) {
                    warnings.add(new Warning(new Source(where, 0), e.getMessage()));
                    found.add(new Found(volume.name(), format.name(), where, 0, e.getMessage()));
                    continue;
                } catch (RuntimeException | StackOverflowError e) {
                    // a bug in one parser must not cost the user every other config
                    String message = "lobos failed reading this file (" + e + "); please report it";
                    warnings.add(new Warning(new Source(where, 0), message));
                    found.add(new Found(volume.name(), format.name(), where, 0, message));
                    continue;
                }
                String sameAs = coveredBy(menu, listed);
                found.add(new Found(volume.name(), format.name(), where, menu.entries().size(), null, sameAs));
                if (sameAs != null) continue;
                for (BootEntry e : menu.entries()) listed.putIfAbsent(Identity.of(e), where);
                if (menu.entries().isEmpty()) {
                    warnings.add(new Warning(new Source(where, 0), "no boot entries in this " + format.name() + " config"));
                    warnings.addAll(menu.allWarnings());
                    continue;
                }
                Menu sub = prefixed(menu, key + ":" + format.name() + ":",
                        menu.title() != null ? menu.title() + " (" + where + ")" : where);
                items.add(sub);
                if (!explicit && menu.defaultId() != null) {
                    chosen = sub;
                    explicit = true;
                } else if (chosen == null) {
                    chosen = sub;
                }
            }
        }
        String defaultId = null;
        Duration timeout = null;
        String message = null;
        boolean restricted = false;
        if (chosen != null) {
            BootEntry e = chosen.defaultEntry();
            defaultId = e == null ? null : e.id();
            timeout = chosen.timeout();
            message = chosen.message();
            restricted = chosen.restricted();
        }
        Menu merged = new Menu("lobos", items, defaultId, timeout, message, restricted, null, warnings);
        return new Result(merged, found);
    }

    /** Where every entry of {@code menu} was already listed, if one config listed them all. */
    private static String coveredBy(Menu menu, java.util.Map<Identity, String> listed) {
        List<BootEntry> entries = menu.entries();
        if (entries.isEmpty()) return null;
        String where = listed.get(Identity.of(entries.getFirst()));
        if (where == null) return null;
        for (BootEntry e : entries) {
            if (!where.equals(listed.get(Identity.of(e)))) return null;
        }
        return where;
    }

    private static String firstExisting(Volume volume, ConfigFormat format) {
        for (String location : format.locations()) {
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
