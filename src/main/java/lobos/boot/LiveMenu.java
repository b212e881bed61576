package lobos.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import lobos.LobosException;
import lobos.config.Menu;
import lobos.config.Volume;
import lobos.storage.ProbedDevice;

/**
 * The loader's menu as the machine changes while it is up: a disk that comes (a USB stick) is
 * mounted read-only and its configs join the menu as submenus; one that goes away takes its
 * entries with it. Every change makes a new {@link LoaderMenu} (the same object until then), so
 * a screen can compare identities to know when to redraw. Safe to call from the thread that
 * reports device events while others read {@link #menu()}.
 */
public final class LiveMenu {
    /** How a probed device becomes a volume discovery can read, and how it is let go. */
    public interface Mounts {
        /** Mounts the device's file system (read-only unless mount_rw) and returns it as a volume. */
        Volume mount(ProbedDevice device);

        /** Lets go of the file system of a device that went away (lazily: it may be busy). */
        void release(String device);
    }

    private final Mounts mounts;
    private final Consumer<String> log;
    private MenuSources sources;
    private UnaryOperator<Menu> frame = UnaryOperator.identity();
    private volatile LoaderMenu menu;
    /** Devices that came (or went) after the menu was first made: their entries are not the machine's configuration. */
    private final java.util.Set<String> late = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public LiveMenu(MenuSources sources, Mounts mounts, Consumer<String> log) {
        this.sources = sources;
        this.mounts = mounts;
        this.log = log;
        update(sources.volumes());
    }

    /** The menu now. */
    public LoaderMenu menu() {
        return menu;
    }

    /**
     * Devices that arrived (a disk and its partitions, probed): those with a file system lobos can
     * mount are read, replacing what a device of the same name had.
     *
     * @return the menu now
     */
    public synchronized LoaderMenu added(List<ProbedDevice> devices) {
        List<Volume> volumes = new ArrayList<>(sources.volumes());
        int before = menu.entries().size();
        for (ProbedDevice d : devices) {
            String name = d.device().name();
            late.add(name);
            if (volumes.removeIf(v -> name.equals(v.device()))) mounts.release(name);
            if (d.fs() == null || !d.fs().mountable()) continue;
            try {
                volumes.add(mounts.mount(d));
            } catch (LobosException e) {
                log.accept("warning: " + e.getMessage());
            }
        }
        update(volumes);
        int added = menu.entries().size() - before;
        if (added > 0) log.accept(added + " new " + (added == 1 ? "entry" : "entries") + " in the menu");
        return menu;
    }

    /** A device that went away: its entries leave the menu. */
    public synchronized LoaderMenu removed(String device) {
        late.add(device); // one that comes back may not be the same
        List<Volume> volumes = new ArrayList<>(sources.volumes());
        if (!volumes.removeIf(v -> device.equals(v.device()))) return menu;
        mounts.release(device);
        int before = menu.entries().size();
        update(volumes);
        log.accept((before - menu.entries().size()) + " entries of " + device + " left the menu");
        return menu;
    }

    /**
     * Puts the assembled menu in a frame from now on: the network's menu, which shows its own
     * entries first and the local ones as a submenu (lobos.netboot), whose default then counts.
     *
     * @return the menu now
     */
    public synchronized LoaderMenu frame(UnaryOperator<Menu> frame) {
        this.frame = frame;
        update(sources.volumes());
        return menu;
    }

    /**
     * Whether an entry came with the loader's configuration when it started: not from a disk that
     * arrived later (or left and came back). Restricted mode boots only those without the password.
     * A discovered entry's id begins with the device its config was read from ({@code sda1:bls:x},
     * set by discovery, not by the config), so a config cannot pass for another disk's.
     */
    public boolean trusted(lobos.config.BootEntry entry) {
        String id = entry.id();
        if (id == null) return false;
        for (String device : late) {
            if (id.startsWith(device + ":")) return false;
        }
        return true;
    }

    /** The volume of a device, if it is in the menu. */
    public Optional<Volume> volume(String device) {
        return sources.volumes().stream().filter(v -> device.equals(v.device())).findFirst();
    }

    private void update(List<Volume> volumes) {
        sources = new MenuSources(sources.kboot(), volumes, sources.skip());
        LoaderMenu local = sources.assemble();
        menu = new LoaderMenu(frame.apply(local.menu()), local.commands(), local.volumes(), local.configs());
    }
}
