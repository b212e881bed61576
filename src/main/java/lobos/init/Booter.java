package lobos.init;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import lobos.LobosException;
import lobos.config.BootEntry;
import lobos.config.PathContext;
import lobos.fetch.Locator;
import lobos.fetch.Progresses;
import lobos.kexec.BootPlan;
import lobos.kexec.Handoff;
import lobos.kexec.Kexec;
import lobos.kexec.Planner;
import lobos.linux.Kernel;
import lobos.linux.Memory;
import lobos.path.DeviceRef;
import lobos.path.Location;
import lobos.path.ParsedPath;
import lobos.path.PathParser;
import lobos.path.PathResolver;

/**
 * Boots a menu entry: finds its kernel and initrds wherever their paths say (the loader's
 * files, a disk, the booted system, NFS, a URL), checks them, loads them and starts the kernel.
 * Paths are read relative to where their config came from: a GRUB or syslinux path on the
 * volume it was found on, an iPXE name against the script's URL, a kboot.conf path as kboot
 * reads it ({@code //} the loader, {@code /} the booted system).
 */
final class Booter {
    private final Kernel kernel;
    private final Locator locator;
    private final PrintStream out;
    private final Set<String> labels;
    private final Supplier<Set<String>> devices;

    /** @param devices the block device names known now (to tell {@code sda2:x} from a host name) */
    Booter(Kernel kernel, Locator locator, PrintStream out, Set<String> labels, Supplier<Set<String>> devices) {
        this.kernel = kernel;
        this.locator = locator;
        this.out = out;
        this.labels = labels;
        this.devices = devices;
    }

    /** Loads the entry and starts it; returns only if that failed, after saying why. */
    void boot(BootEntry entry) {
        double start = Uptime.now();
        out.println("lobos: booting " + entry.id() + ": " + entry.kernel());
        try {
            if (entry.kind() != BootEntry.Kind.LINUX) {
                throw new LobosException(entry.id() + " is a " + entry.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + " entry, which lobos cannot boot yet", "choose a Linux entry");
            }
            // Everything must fit in memory twice over: the files, then the kernel's copy of them.
            long limit = Memory.available(Long.MAX_VALUE) / 2;
            Path kernelFile = file(entry.kernel(), entry.context(), limit);
            List<Path> initrds = new ArrayList<>();
            for (String i : entry.initrds()) initrds.add(file(i, entry.context(), limit));
            BootPlan plan = new Planner(kernel.arch()).plan(kernelFile, initrds,
                    entry.cmdline() == null ? "" : entry.cmdline());
            out.println("lobos: " + plan.description());
            for (String w : plan.warnings()) out.println("lobos: warning: " + w);
            Kexec kexec = new Kexec(kernel, line -> out.println("lobos: " + line));
            kexec.load(plan);
            out.println("lobos: kernel loaded in " + Uptime.format(Uptime.now() - start) + " (up "
                    + Uptime.format(Uptime.now()) + "), command line: " + plan.cmdline());
            out.flush();
            kexec.execute(Handoff.INIT);
        } catch (LobosException e) {
            out.println("lobos: cannot boot " + entry.id() + ": " + e.getMessage());
            if (e.hint() != null) out.println("  " + e.hint());
            unload();
        } catch (IOException | InterruptedException e) {
            out.println("lobos: cannot boot " + entry.id() + ": " + e);
            unload();
        }
        out.flush();
    }

    /** The file a path of an entry names, mounted or downloaded. */
    Path file(String text, PathContext context, long limit) throws IOException {
        ParsedPath parsed = PathParser.parse(text);
        Location location = resolve(parsed, context);
        return locator.file(parsed, location, limit, Progresses.forConsole(null));
    }

    /**
     * Where a path of an entry is. A config found on a volume names files on that volume (GRUB
     * after {@code set root} or {@code search}: on that device); a config from a URL names files
     * relative to it; kboot.conf's paths are read as kboot reads them.
     */
    Location resolve(ParsedPath parsed, PathContext context) {
        String base = context.baseUrl() != null ? context.baseUrl() : null;
        Location cwd = base != null ? PathParser.parse(base).unambiguous().orElse(null) : new Location.Booted("/");
        Location location = new PathResolver(new PathResolver.Context(labels, devices.get(), cwd)).resolve(parsed);
        String device = context.root() != null ? context.root() : context.device();
        if (location instanceof Location.Booted b && device != null) {
            DeviceRef ref = DeviceRef.fromSpec(device).orElseGet(() -> DeviceRef.Named.valid(device)
                    ? new DeviceRef.Named(device) : null);
            if (ref != null) return new Location.DeviceFile(ref, b.path());
        }
        return location;
    }

    private void unload() {
        try {
            if (kernel.kexecLoaded()) kernel.kexecUnload();
        } catch (LobosException e) {
            out.println("lobos: warning: " + e.getMessage());
        }
    }
}
