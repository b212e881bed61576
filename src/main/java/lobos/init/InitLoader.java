package lobos.init;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import lobos.boot.Booter;
import lobos.boot.LoadedKernel;
import lobos.boot.LoaderMenu;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.kboot.KbootConf;
import lobos.fetch.Locator;
import lobos.fetch.Progress;
import lobos.kexec.Handoff;
import lobos.linux.Kernel;
import lobos.kexec.BootPlan;
import lobos.linux.RebootCommand;
import lobos.netboot.BootReport;
import lobos.shell.Cancel;
import lobos.shell.Loader;
import lobos.storage.ProbedDevice;

/**
 * The running loader as the menu, the boot shell and SSH sessions see it ({@link Loader}):
 * the live menu, the merged kboot settings, and boots through {@link Booter}, the one path
 * from entry to kernel. Several sessions may call it at once; everything it holds is either
 * immutable or safe for that.
 */
final class InitLoader implements Loader {
    /**
     * A kernel {@link Booter} loaded, as the shell holds it until it starts it.
     *
     * @param uptime the machine's uptime when the load ended, in seconds (NaN if unknown)
     */
    record Loaded(LoadedKernel kernel, double uptime) implements Loader.Loaded {
        @Override
        public String summary() {
            StringBuilder s = new StringBuilder(kernel.plan().description())
                    .append("; kernel loaded in ").append(Uptime.format(kernel.took().toNanos() / 1e9))
                    .append(" (up ").append(Uptime.format(uptime)).append("), command line: ")
                    .append(kernel.plan().cmdline().isEmpty() ? "(empty)" : kernel.plan().cmdline());
            for (String w : kernel.warnings()) s.append("\nlobos: warning: ").append(w);
            return s.toString();
        }
    }

    private final Kernel kernel;
    private final Booter booter;
    private final Locator locator;
    private final Supplier<LoaderMenu> menu;
    private final Supplier<List<ProbedDevice>> devices;
    private final Supplier<Set<String>> deviceNames;
    private final ConsoleLog log;
    private final Map<String, Command> commands;
    private final Predicate<BootEntry> trusted;
    private final Supplier<BootReport> report;

    /**
     * @param commands what the shell gets beyond its own commands (the network's)
     * @param trusted  whether an entry came with the configuration the loader started with
     * @param report   where the boot is reported (the manager the network boot found, or nowhere)
     */
    InitLoader(Kernel kernel, Booter booter, Locator locator, Supplier<LoaderMenu> menu,
            Supplier<List<ProbedDevice>> devices, Supplier<Set<String>> deviceNames, ConsoleLog log,
            Map<String, Command> commands, Predicate<BootEntry> trusted, Supplier<BootReport> report) {
        this.kernel = kernel;
        this.booter = booter;
        this.locator = locator;
        this.menu = menu;
        this.devices = devices;
        this.deviceNames = deviceNames;
        this.log = log;
        this.commands = Map.copyOf(commands);
        this.trusted = trusted;
        this.report = report;
    }

    @Override
    public Menu menu() {
        return menu.get().menu();
    }

    /** kboot.conf's settings and labels over all its sources; password and authorized_keys are the image's. */
    @Override
    public KbootConf conf() {
        return menu.get().commands();
    }

    /**
     * Loads on the calling thread; a cancel interrupts it, and {@link Booter} then unloads and
     * throws. The manager hears what was fetched (docs/netboot.md).
     */
    @Override
    public Loader.Loaded load(BootEntry entry, Cancel cancel, Progress progress)
            throws IOException, InterruptedException {
        Thread loading = Thread.currentThread();
        cancel.onCancel(loading::interrupt);
        if (cancel.cancelled()) throw new InterruptedException("cancelled");
        // the session showed its user the attempt; the loader's log (log, pstore, the manager) keeps it too
        log.note("lobos: booting " + entry.id() + ": " + entry.kernel());
        long fetchStart = System.nanoTime();
        try {
            BootPlan plan;
            try {
                plan = booter.plan(entry, progress);
            } catch (IOException | InterruptedException | RuntimeException e) {
                booter.unload(); // what an earlier load left is not what the user now asked for
                throw e;
            }
            long bytes = Files.size(plan.kernel());
            for (Path initrd : plan.initrds()) bytes += Files.size(initrd);
            report.get().event("kernel-fetched", "kernel", entry.kernel(), "bytes", Long.toString(bytes), "seconds",
                    String.format(Locale.ROOT, "%.3f", (System.nanoTime() - fetchStart) / 1e9));
            Loaded loaded = new Loaded(booter.load(entry, plan), Uptime.now());
            for (String line : ("lobos: " + loaded.summary()).split("\n")) log.note(line);
            return loaded;
        } catch (IOException | InterruptedException | RuntimeException e) {
            log.note("lobos: cannot boot " + entry.id() + ": " + e.getMessage());
            throw e;
        }
    }

    @Override
    public void execute(Loader.Loaded loaded) throws IOException {
        if (!(loaded instanceof Loaded ours)) throw new IllegalArgumentException("not loaded here: " + loaded);
        // the machine is leaving: what init held back while the console's menu was up (a boot
        // from SSH, say) goes to the console now, so that its log shows how the loader ended;
        // if the kernel does not start, the menu gets its quiet console back
        boolean menuUp = log.holding();
        log.hold(false);
        // the manager hears of the kexec, and gets the console log, before the machine is gone
        BootReport manager = report.get();
        manager.event("kexec", "entry", ours.kernel().entry().id(), "cmdline", ours.kernel().plan().cmdline());
        manager.consoleLog(String.join("\n", log.lines()) + "\n");
        manager.flush(Duration.ofSeconds(5));
        try {
            booter.execute(ours.kernel(), Handoff.INIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the kernel", e);
        } finally {
            log.hold(menuUp);
        }
    }

    @Override
    public boolean trusted(BootEntry entry) {
        return trusted.test(entry);
    }

    @Override
    public List<ProbedDevice> devices() {
        return devices.get();
    }

    @Override
    public Set<String> deviceNames() {
        return deviceNames.get();
    }

    @Override
    public Locator locator() {
        return locator;
    }

    @Override
    public List<String> log() {
        return log.lines();
    }

    /** The kernel's message buffer (klogctl), as dmesg prints it: without the {@code <level>} prefixes. */
    @Override
    public List<String> dmesg() {
        return kernel.kernelLog().lines().map(l -> l.replaceFirst("^<\\d+>", "")).toList();
    }

    @Override
    public void reboot() {
        kernel.sync();
        kernel.reboot(RebootCommand.RESTART);
    }

    @Override
    public void poweroff() {
        kernel.sync();
        kernel.reboot(RebootCommand.POWER_OFF);
    }

    @Override
    public Map<String, Command> commands() {
        return commands;
    }
}
