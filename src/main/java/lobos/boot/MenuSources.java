package lobos.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lobos.config.BootEntry;
import lobos.config.Discovery;
import lobos.config.Menu;
import lobos.config.MenuItem;
import lobos.config.PathContext;
import lobos.config.Source;
import lobos.config.Volume;
import lobos.config.Warning;
import lobos.config.kboot.KbootConf;

/**
 * Everything the loader's menu is made of, and how it is made: pure, given what was read.
 *
 * <p>kboot's configuration sources come first, in kboot's order: the loader image's own
 * kboot.conf, the booted system's {@code /etc/kboot.conf} (unless {@code kboot=local} is on the
 * kernel command line), a {@code kboot=PATH} from the kernel command line. As in kboot, where
 * each was sourced after the one before, a later source's label replaces an earlier one of the
 * same name (in its place) and its settings win; {@code restricted=true} from any source stays
 * (a disk cannot lift the image's restriction), and {@code password}, {@code authorized_keys},
 * {@code mount_rw} and {@code network} are the image's alone. Then comes one submenu per config that
 * {@link Discovery} finds on the volumes (the machine's file systems, mounted read-only).
 *
 * <p>The default rule: kboot.conf's {@code default}, with its {@code delay} (else
 * {@code timeout}), decides the top level. When no kboot source names a default, the default of
 * the first discovered config that names one (else of the first discovered config) boots after
 * that config's own timeout, as its own boot loader would have booted it: a machine with only
 * GRUB on its disk boots as GRUB would, without a key pressed. With neither, the first kboot
 * entry is the default, after kboot.conf's delay.
 *
 * @param kboot   kboot.conf from each source that had one, in kboot's order
 * @param volumes the file systems to discover configs on, boot disk first
 * @param skip    entry id prefixes of discovered configs to leave out: the booted system's
 *                kboot.conf, already a kboot source ({@code vda1:kboot:})
 */
public record MenuSources(List<Kboot> kboot, List<Volume> volumes, Set<String> skip) {
    public MenuSources {
        kboot = List.copyOf(kboot);
        volumes = List.copyOf(volumes);
        skip = Set.copyOf(skip);
    }

    /**
     * One kboot.conf and where it was read.
     *
     * @param conf    as parsed; its source names the file
     * @param context how its paths are read (the loader's: {@link PathContext#NONE}; a URL's: its base)
     * @param message the text of its message file, or null
     */
    public record Kboot(KbootConf conf, PathContext context, String message) {}

    /** The menu of these sources, with discovery over every format lobos knows. */
    public LoaderMenu assemble() {
        return assemble(Discovery.standard());
    }

    public LoaderMenu assemble(Discovery discovery) {
        Map<String, MenuItem> entries = new LinkedHashMap<>();
        List<Warning> warnings = new ArrayList<>();
        String defaultId = null;
        Duration timeout = null;
        String message = null;
        boolean restricted = false;
        for (Kboot k : kboot) {
            Menu m = k.conf().toMenu(k.context(), k.message());
            for (MenuItem item : m.items()) {
                if (item instanceof BootEntry e) entries.put(e.id(), e);
            }
            warnings.addAll(m.warnings());
            if (m.defaultId() != null) defaultId = m.defaultId();
            if (k.conf().delay() != null || k.conf().timeout() != null) {
                timeout = m.timeout();
            }
            if (m.message() != null) message = m.message();
            restricted |= k.conf().restricted();
        }
        List<MenuItem> items = new ArrayList<>(entries.values());

        Discovery.Result found = discovery.discover(volumes);
        Menu discovered = found.menu();
        List<Menu> submenus = new ArrayList<>();
        for (MenuItem item : discovered.items()) {
            if (item instanceof Menu sub && !skipped(sub)) submenus.add(sub);
        }
        items.addAll(submenus);
        warnings.addAll(discovered.warnings());

        if (defaultId == null && !submenus.isEmpty()) {
            // no kboot default: the first discovered config's, after its own timeout
            Menu chosen = submenus.stream().filter(s -> s.defaultId() != null).findFirst().orElse(submenus.getFirst());
            BootEntry e = chosen.defaultEntry();
            defaultId = e == null ? null : e.id();
            timeout = chosen.timeout();
        }
        Source source = kboot.isEmpty() ? null : kboot.getFirst().conf().source();
        Menu top = new Menu("lobos", items, defaultId, timeout, message, restricted, source, warnings);
        return new LoaderMenu(top, commands(), volumes, found.configs());
    }

    private boolean skipped(Menu sub) {
        List<BootEntry> all = sub.entries();
        return !all.isEmpty() && all.stream().allMatch(e -> e.id() != null && skip.stream().anyMatch(e.id()::startsWith));
    }

    /**
     * The settings and labels of every kboot source as one kboot.conf, as kboot's shell had them
     * after sourcing each file in turn: later values win, restricted stays.
     */
    KbootConf commands() {
        if (kboot.isEmpty()) return KbootConf.parse("", "(none)");
        Map<String, KbootConf.Label> labels = new LinkedHashMap<>();
        Map<String, Source> settings = new LinkedHashMap<>();
        List<Warning> warnings = new ArrayList<>();
        KbootConf first = kboot.getFirst().conf();
        String def = null, initrd = null, message = null, root = null;
        Duration delay = null, timeout = null;
        boolean mountRw = first.mountRw(), restricted = false;
        for (Kboot k : kboot) {
            KbootConf c = k.conf();
            c.labels().forEach(l -> labels.put(l.name(), l));
            settings.putAll(c.settingSources());
            if (c.defaultCommand() != null) def = c.defaultCommand();
            if (c.delay() != null) delay = c.delay();
            if (c.timeout() != null) timeout = c.timeout();
            if (c.initrd() != null) initrd = c.initrd();
            if (c.message() != null) message = c.message();
            if (c.root() != null) root = c.root();
            restricted |= c.restricted();
        }
        // mount_rw and network are the image's alone: the disks were mounted and the network set up
        // before any other source was read; password and authorized_keys too: a disk or a server
        // must not choose who gets in
        return new KbootConf(def, delay, timeout, initrd, message, mountRw, restricted, root, first.authorizedKeys(),
                first.password(), new ArrayList<>(labels.values()), settings, first.source(), warnings, first.network());
    }
}
