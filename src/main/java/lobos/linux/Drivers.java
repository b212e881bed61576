package lobos.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Loads the drivers devices need, by modalias: for the devices present ({@link #coldplug}, what
 * udev's "trigger" does at boot) and for each one that arrives ({@link #loadFor}, with the
 * MODALIAS of its uevent). The modules come from the image ({@link Modules}), found through the
 * alias index ({@link ModuleAliases}); a module the image does not carry is simply not loaded.
 *
 * <p>For the network code: {@code coldplug()} then {@link #awaitNetDevices} loads the NIC drivers
 * for the hardware present and waits until the kernel has made their interfaces.
 */
public final class Drivers {
    /** At most this many passes over sysfs: a driver makes new devices, whose drivers make more. */
    private static final int MAX_ROUNDS = 10;

    /**
     * What a coldplug did.
     *
     * @param devices the distinct modaliases found under /sys/bus
     * @param loaded  the drivers loaded for them, in load order (the modules they needed not listed)
     */
    public record Coldplug(int devices, List<String> loaded) {}

    private final Modules modules;
    private final ModuleAliases aliases;
    private final Path sys;
    private final Consumer<String> log;
    private final Set<String> failed = new HashSet<>();

    /**
     * @param sys the sysfs root ("/sys"; a directory tree in tests)
     * @param log told each driver that failed to load, as one line
     */
    public Drivers(Modules modules, ModuleAliases aliases, Path sys, Consumer<String> log) {
        this.modules = modules;
        this.aliases = aliases;
        this.sys = sys;
        this.log = log;
    }

    /** Whether the image has an alias index, so that there is anything to load by modalias. */
    public boolean available() {
        return !aliases.isEmpty();
    }

    /**
     * Loads the drivers whose aliases match {@code modalias}, each with the modules it needs;
     * returns those loaded now (not the ones loaded before). A driver the kernel refuses is
     * reported once through the log and not tried again.
     */
    public synchronized List<String> loadFor(String modalias) {
        List<String> now = new ArrayList<>();
        for (String module : aliases.modulesFor(modalias)) {
            if (modules.isLoaded(module) || failed.contains(module)) continue;
            try {
                if (modules.load(module)) now.add(module);
            } catch (KernelException e) {
                failed.add(module);
                log.accept("driver " + module + " for " + modalias + ": " + e.getMessage()
                        + (e.hint() == null ? "" : " (" + e.hint() + ")"));
            }
        }
        return now;
    }

    /**
     * Loads the drivers for every device present: reads each device's modalias under
     * /sys/bus/{@literal *}/devices and loads what matches, again and again while drivers bring
     * new devices (virtio_pci makes the virtio devices that virtio_blk drives). Devices that
     * appear later on their own (USB, SCSI disks behind a USB stick) come as uevents.
     */
    public synchronized Coldplug coldplug() {
        Set<String> seen = new HashSet<>();
        List<String> loaded = new ArrayList<>();
        if (!available()) return new Coldplug(0, loaded);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int before = loaded.size();
            for (String modalias : modaliases()) {
                if (seen.add(modalias)) loaded.addAll(loadFor(modalias));
            }
            if (loaded.size() == before) break;
        }
        return new Coldplug(seen.size(), List.copyOf(loaded));
    }

    /** Every device's modalias now, sorted (a device without one has no driver to find). */
    private Set<String> modaliases() {
        Set<String> out = new TreeSet<>();
        for (Path bus : list(sys.resolve("bus"))) {
            for (Path device : list(bus.resolve("devices"))) {
                String modalias = read(device.resolve("modalias"));
                if (modalias != null) out.add(modalias);
            }
        }
        return out;
    }

    /**
     * The network interfaces backed by a device (/sys/class/net/NAME/device exists: not lo, not
     * tunnels or bridges), sorted.
     */
    public List<String> netDevices() {
        return list(sys.resolve("class/net")).stream().filter(p -> Files.exists(p.resolve("device")))
                .map(p -> p.getFileName().toString()).sorted().toList();
    }

    /**
     * The network interfaces backed by a device, once there is at least one or {@code timeout}
     * has passed (then possibly none). Drivers make their interfaces while they load, so after a
     * {@link #coldplug} this usually returns at once; USB adapters come later.
     */
    public List<String> awaitNetDevices(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> found = netDevices();
            if (!found.isEmpty() || System.nanoTime() - deadline >= 0) return found;
            Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    private static String read(Path attribute) {
        try {
            if (!Files.isRegularFile(attribute)) return null;
            String s = Files.readString(attribute).strip();
            return s.isEmpty() || s.length() > 4096 ? null : s;
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }
}
