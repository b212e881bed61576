package lobos.init;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import lobos.Version;
import lobos.boot.Booter;
import lobos.boot.ConfigArguments;
import lobos.boot.EntryPaths;
import lobos.boot.LiveMenu;
import lobos.boot.LoaderMenu;
import lobos.boot.MachineSources;
import lobos.boot.MenuSources;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.config.Volume;
import lobos.config.kboot.KbootConf;
import lobos.fetch.FetchOptions;
import lobos.fetch.Fetcher;
import lobos.fetch.Locator;
import lobos.fetch.MountedStorage;
import lobos.fetch.Protocols;
import lobos.hotplug.DeviceEvent;
import lobos.hotplug.Hotplug;
import lobos.linux.Drivers;
import lobos.linux.Errno;
import lobos.linux.Kernel;
import lobos.linux.KernelException;
import lobos.linux.ModuleAliases;
import lobos.linux.Modules;
import lobos.linux.Uname;
import lobos.net.Dhcp;
import lobos.netboot.BootNetwork;
import lobos.netboot.NetworkStep;
import lobos.netboot.NetworkSteps;
import lobos.shell.Loader;
import lobos.shell.Session;
import lobos.ssh.LoaderSshd;
import lobos.storage.BootedSystem;
import lobos.storage.DeviceProber;
import lobos.storage.Mounter;
import lobos.storage.ProbedDevice;
import lobos.storage.StorageException;
import lobos.storage.SysfsBlockDevices;

/**
 * The boot loader's PID 1: finishes the mounts /init began, loads the configured kernel
 * modules, builds the one menu of everything the machine can boot ({@link MenuSources}: the
 * image's /etc/kboot.conf, the booted system's, a {@code kboot=} path, then every config on
 * every disk), brings the network up when asked, lets SSH in when the config allows it, then
 * hands the console to the menu and the boot shell ({@link Session} over {@link InitLoader}),
 * whose countdown boots the default. When a boot fails the menu says why and stays: lobos must
 * never leave a machine with nothing but a kernel panic, and PID 1 lives on even when the
 * console's input ends.
 */
public final class Init {
    /** The CA certificates HTTPS trusts, when the image carries them. */
    static final Path CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private final Kernel kernel;
    private final Path etc;
    private final PrintStream out;
    private final ConsoleLog log;
    private final Console console;
    private final Machine machine;
    private final boolean dryRun;
    /** Whether SSH was started (at boot after a lease, or by the shell's dhcp): it listens once. */
    private final java.util.concurrent.atomic.AtomicBoolean sshStarted = new java.util.concurrent.atomic.AtomicBoolean();

    private KbootConf conf;
    private Modules modules;
    private Mounter mounter;
    private Locator locator;
    private Booter booter;
    private List<ProbedDevice> devices;
    private volatile LoaderMenu menu;
    private LiveMenu live;
    private Hotplug hotplug;
    /** The network step; its lease() is what IPAPPEND/SYSAPPEND words come from. */
    private NetworkStep network;
    /** The running loader as every session sees it; made once the menu is. */
    private InitLoader loader;

    /** Where the menu and the boot shell run: the machine's console, or given streams (dry runs, tests). */
    @FunctionalInterface
    public interface Console {
        Session open(Loader loader, String title) throws IOException;

        /** The machine's console: the full-screen menu on a terminal, the numbered list on a dumb one. */
        static Console system() {
            return Session::console;
        }

        /** Plain streams as a dumb terminal: the numbered list and lines. */
        static Console streams(java.io.InputStream in, java.io.OutputStream out) {
            return (loader, title) -> Session.plain(loader, in, out, title);
        }
    }

    /** What PID 1 learns from the machine; a seam for dry runs and tests. */
    public interface Machine {
        /** The loader's kernel command line ({@code kboot=}, {@code ip=}). */
        String cmdline();

        /** The block devices present now, probed. */
        List<ProbedDevice> devices();

        /** Directories discovery reads as if they were disks: none on a real machine. */
        default List<Volume> directories() {
            return List.of();
        }

        /** This machine: /proc/cmdline and every block device. */
        static Machine real() {
            return new Machine() {
                @Override
                public String cmdline() {
                    try {
                        return Files.readString(Path.of("/proc/cmdline"));
                    } catch (IOException e) {
                        return "";
                    }
                }

                @Override
                public List<ProbedDevice> devices() {
                    return DeviceProber.probeAll();
                }
            };
        }

        /** No disks, no kernel arguments: only {@code directories} (dry runs). */
        static Machine of(String cmdline, List<Volume> directories) {
            return new Machine() {
                @Override
                public String cmdline() {
                    return cmdline;
                }

                @Override
                public List<ProbedDevice> devices() {
                    return List.of();
                }

                @Override
                public List<Volume> directories() {
                    return directories;
                }
            };
        }
    }

    /**
     * @param etc     where kboot.conf and lobos/modules are ("/etc" in the image)
     * @param console where the menu and the shell run
     * @param dryRun  return when the console's input ends instead of living on (training runs); a
     *                dry run brings up no network and no SSH
     */
    public Init(Kernel kernel, Path etc, PrintStream out, Console console, Machine machine, boolean dryRun) {
        this.kernel = kernel;
        this.etc = etc;
        this.log = new ConsoleLog(out);
        this.out = new PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8);
        this.console = console;
        this.machine = machine;
        this.dryRun = dryRun;
    }

    public void run() {
        double javaUp = Uptime.now();
        if (!dryRun) Thread.ofVirtual().name("network-warm-up").start(NetworkSteps::rehearse);
        try {
            finishMounts();
            loadModules();
            startHotplug();
            readConfig();
            network();
            banner(javaUp);
            followDevices();
            ssh();
        } catch (RuntimeException e) {
            // A bug must not take PID 1 down (that is a kernel panic): report it and offer the menu.
            internalError(e);
            if (menu == null) {
                if (conf == null) conf = KbootConf.parse("", "(none)");
                menu = new MenuSources(List.of(new MenuSources.Kboot(conf, PathContext.NONE, null)), List.of(),
                        Set.of()).assemble();
            }
        }
        console();
    }

    /**
     * The menu and the shell on the console. Nothing else reads the console's input meanwhile.
     * When its input ends (no keyboard, a closed line) PID 1 lives on: SSH sessions, devices that
     * come and the network go on; a dry run returns.
     */
    private void console() {
        try {
            String failed = bootAtOnce();
            Session session = console.open(loader(), title()).onScreen(log::hold);
            if (failed != null) session.countdownEnded(failed);
            session.run();
        } catch (IOException e) {
            out.println("lobos: cannot use the console: " + e.getMessage());
        } catch (RuntimeException e) {
            internalError(e);
        } finally {
            log.hold(false);
        }
        if (dryRun) return;
        out.println("lobos: the console's input ended; the loader goes on (SSH, reboot by power button)");
        while (true) {
            try {
                Thread.sleep(java.time.Duration.ofHours(1));
            } catch (InterruptedException e) {
                // PID 1 does not end
            }
        }
    }

    /** A zero countdown's boot ({@link Session#bootAtOnce}); why it failed, or null. A bug in it still leaves the menu. */
    private String bootAtOnce() {
        try {
            return Session.bootAtOnce(loader(), out);
        } catch (RuntimeException e) {
            internalError(e);
            return null;
        }
    }

    /** The menu's first line. */
    static String title() {
        return "lobos " + Version.current();
    }

    void internalError(RuntimeException e) {
        out.println("lobos: internal error, please report it with this trace:");
        e.printStackTrace(out);
        out.flush();
    }

    private void banner(double javaUp) {
        Uname u = kernel.uname();
        out.println("lobos " + Version.current() + " on Linux " + u.release() + " " + u.machine());
        out.println("  kernel start to /init " + Uptime.format(Uptime.atInit()) + ", Java running "
                + Uptime.format(javaUp) + ", lobos ready " + Uptime.format(Uptime.now()));
        Menu top = menu.menu();
        if (top.message() != null && !top.message().isBlank()) out.println(top.message().stripTrailing());
        Listing.print(menu, out);
        for (var w : top.allWarnings()) out.println("lobos: warning: " + w);
        out.flush();
    }

    private void finishMounts() {
        try {
            Files.createDirectories(Path.of("/dev/pts"));
            kernel.mount("devpts", Path.of("/dev/pts"), "devpts", Kernel.MS_NOSUID | Kernel.MS_NOEXEC, null);
        } catch (IOException | KernelException e) {
            if (!(e instanceof KernelException ke && ke.errnoName() == Errno.EBUSY)) {
                out.println("lobos: warning: cannot mount /dev/pts: " + e.getMessage());
            }
        }
    }

    /** Loads the modules named in /etc/lobos/modules, each after what it needs. */
    private void loadModules() {
        Path list = etc.resolve("lobos/modules");
        try {
            modules = new Modules(kernel, Modules.readIndex(etc.resolve("lobos/modules.index")), line -> {});
            if (!Files.exists(list)) return;
            int count = 0;
            for (String name : Files.readAllLines(list)) {
                if (name.isBlank()) continue;
                try {
                    if (modules.load(name.strip())) count++;
                    else out.println("lobos: warning: module " + name + " is not in this image");
                } catch (KernelException e) {
                    out.println("lobos: warning: module " + name + ": " + e.getMessage()
                            + (e.hint() == null ? "" : " (" + e.hint() + ")"));
                }
            }
            if (count > 0) out.println("lobos: loaded " + count + " kernel modules");
        } catch (IOException e) {
            out.println("lobos: warning: cannot read " + list + ": " + e.getMessage());
        }
    }

    /**
     * Loads the drivers the devices present need, by modalias (coldplug), and keeps listening
     * for devices that come later, saying what arrives (docs/storage.md). A dry run leaves the
     * devices of the machine it runs on alone.
     */
    private void startHotplug() {
        if (dryRun || modules == null) return;
        Path sys = Path.of("/sys");
        try {
            Drivers drivers = new Drivers(modules, ModuleAliases.read(etc.resolve("lobos/modules.alias")), sys,
                    line -> out.println("lobos: warning: " + line));
            double start = Uptime.now();
            hotplug = Hotplug.start(kernel, drivers, sys, DeviceProber.DEFAULT_DEV, line -> out.println("lobos: " + line));
            if (drivers.available()) {
                Drivers.Coldplug c = hotplug.coldplug();
                out.println("lobos: coldplug: " + c.devices() + " devices, drivers loaded: "
                        + (c.loaded().isEmpty() ? "none" : String.join(" ", c.loaded())) + " in "
                        + Uptime.format(Uptime.now() - start));
            }
            hotplug.subscribe(event -> event.describe().forEach(line -> out.println("lobos: " + line)));
        } catch (IOException e) {
            out.println("lobos: warning: cannot read the module alias index: " + e.getMessage());
        }
    }

    /**
     * The network step: ip=, kboot.conf's network=, DHCP, and what the network says to boot
     * (docs/netboot.md). A menu the network names frames the local one from then on.
     */
    private void network() {
        if (dryRun) return;
        try {
            network = NetworkSteps.loader(etc, Version.current(), line -> out.println("lobos: " + line));
            network.run(Files.readString(Path.of("/proc/cmdline")), conf.network(), menu.menu());
            Menu found = network.networkMenu();
            if (found != null) menu = live.frame(local -> NetworkStep.merge(found, local));
        } catch (IOException e) {
            out.println("lobos: warning: network: " + e.getMessage());
        }
        out.flush();
    }

    /**
     * Reads every source of the menu, in kboot's order, and assembles it: the image's
     * kboot.conf (whose mount_rw and root say how disks are mounted), the booted system's
     * /etc/kboot.conf unless kboot=local, a kboot=PATH, then the configs on every file system.
     */
    void readConfig() {
        conf = MachineSources.imageConf(etc.resolve("kboot.conf"), line -> out.println("lobos: " + line));
        booter();
        MachineSources sources = new MachineSources(locator, booter.paths(), line -> out.println("lobos: " + line));
        ConfigArguments arguments = ConfigArguments.parse(machine.cmdline());
        List<MenuSources.Kboot> kboot = new ArrayList<>();
        kboot.add(sources.kboot(conf, PathContext.NONE));

        long t0 = System.nanoTime();
        List<ProbedDevice> devices = probed();
        long t1 = System.nanoTime();
        List<Volume> volumes = new ArrayList<>(MachineSources.mountAll(devices, mounter,
                line -> out.println("lobos: " + line)));
        volumes.addAll(machine.directories());
        long t2 = System.nanoTime();

        Set<String> skip = new HashSet<>();
        if (!arguments.local() && !devices.isEmpty()) {
            BootedSystem booted = new BootedSystem(mounter, () -> devices, conf.root());
            sources.booted(booted).ifPresent(k -> {
                kboot.add(k);
                // the booted system's kboot.conf is a kboot source; discovery need not list it again
                try {
                    skip.add(booted.root().device().name() + ":kboot:");
                } catch (StorageException e) {
                    // found it once, so this does not happen
                }
            });
        }
        if (arguments.path() != null) sources.fromPath(arguments.path()).ifPresent(kboot::add);
        long t3 = System.nanoTime();
        live = new LiveMenu(new MenuSources(kboot, volumes, skip), mounts(), line -> out.println("lobos: " + line));
        menu = live.menu();
        long t4 = System.nanoTime();
        if (!volumes.isEmpty()) {
            out.printf(java.util.Locale.ROOT, "lobos: %d file systems on %d block devices: probed in %.2f s, mounted in"
                    + " %.2f s, %d configs read in %.2f s%n", volumes.size(), devices.size(), (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, menu.configs().size(), (t4 - t3) / 1e9);
        }
    }

    /**
     * The machine's block devices, probed once: the menu and the paths share them, and hotplug
     * reports what changes. Without hotplug listening they are probed again whenever asked.
     */
    private synchronized List<ProbedDevice> probed() {
        if (devices == null || hotplug == null || !hotplug.listening()) devices = machine.devices();
        return devices;
    }

    /** How the live menu mounts a disk that arrives, and lets go of one that left. */
    private LiveMenu.Mounts mounts() {
        return new LiveMenu.Mounts() {
            @Override
            public Volume mount(ProbedDevice d) {
                return new Volume(mounter.mount(d), d.device().name(), d.fs().uuid(), d.fs().label());
            }

            @Override
            public void release(String device) {
                mounter.release(mounter.target(device));
            }
        };
    }

    /**
     * Keeps the menu and the device list up to date while the loader runs: a disk that comes is
     * read and its entries join the menu, one that goes takes them away.
     */
    private void followDevices() {
        if (hotplug == null || live == null) return;
        hotplug.subscribe(event -> {
            switch (event) {
                case DeviceEvent.DiskAdded a -> {
                    changed(a.devices(), null);
                    menu = live.added(a.devices()); // a new object: the menu on screen redraws
                }
                case DeviceEvent.BlockDeviceRemoved r -> {
                    changed(List.of(), r.name());
                    menu = live.removed(r.name());
                }
                default -> { }
            }
            out.flush();
        });
    }

    /** The cached device list with {@code added} in (replacing same names) and {@code removed} out. */
    private synchronized void changed(List<ProbedDevice> added, String removed) {
        if (devices == null) return;
        List<ProbedDevice> now = new ArrayList<>(devices);
        for (ProbedDevice d : added) now.removeIf(o -> o.device().name().equals(d.device().name()));
        if (removed != null) now.removeIf(o -> o.device().name().equals(removed));
        now.addAll(added);
        devices = List.copyOf(now);
    }

    LoaderMenu menu() {
        return menu;
    }

    /** The console as init writes to it (what the full-screen menu holds back). */
    ConsoleLog consoleLog() {
        return log;
    }

    /**
     * The running loader for the menu, the boot shell and SSH sessions ({@code lobos.shell}):
     * the same menu, the same {@link Booter}. Valid once the menu is built.
     */
    synchronized Loader loader() {
        if (loader == null) {
            loader = new InitLoader(kernel, booter(), locator, () -> menu, this::probed,
                    dryRun ? Set::of : SysfsBlockDevices::names, log,
                    dryRun ? java.util.Map.of() : NetworkCommands.forShell(etc, this::startSsh),
                    entry -> live == null || live.trusted(entry), this::report);
        }
        return loader;
    }

    /**
     * SSH into the loader (lobos.ssh), when the network came up before the menu and the image
     * has authorized_keys (docs/shell.md); a lease the shell's dhcp or netboot takes later starts
     * it then ({@link #startSsh}).
     */
    private void ssh() {
        if (dryRun || network == null || network.lease() == null) return;
        startSsh();
    }

    /** Starts SSH once, on a thread of its own: the menu and the shell do not wait for it. */
    private void startSsh() {
        if (dryRun || !sshStarted.compareAndSet(false, true)) return;
        var config = LoaderSshd.Config.of(etc.resolve("lobos"), menu.commands().authorizedKeys(), title());
        if (config.isEmpty()) return;
        Loader sessions = loader();
        Thread.ofVirtual().name("ssh-start").start(() -> {
            try {
                LoaderSshd sshd = LoaderSshd.start(sessions, config.get(), line -> out.println("lobos: " + line));
                out.println("lobos: ssh: listening on port " + sshd.port() + " (public keys from "
                        + config.get().authorizedKeys() + ")");
            } catch (IOException | RuntimeException e) {
                out.println("lobos: warning: ssh: " + e.getMessage());
            }
        });
    }

    private Booter booter() {
        if (booter == null) {
            mounter = new Mounter(kernel, modules, conf.mountRw(), runDir(), line -> out.println("lobos: " + line));
            FetchOptions options = new FetchOptions(FetchOptions.DEFAULTS.timeout(), FetchOptions.DEFAULTS.retries(), false,
                    existing(CA_BUNDLE), etc.resolve("lobos"));
            Supplier<List<ProbedDevice>> devices = this::probed;
            locator = new Locator(MountedStorage.loader(mounter, devices, conf.root()),
                    new Fetcher(Protocols.all(), options), kernel::memoryFile);
            Set<String> labels = new HashSet<>();
            conf.labels().forEach(l -> labels.add(l.name()));
            Supplier<Set<String>> names = dryRun ? Set::of : SysfsBlockDevices::names;
            booter = new Booter(kernel, locator, new EntryPaths(labels, names), line -> out.println("lobos: " + line),
                    this::networkWords);
        }
        return booter;
    }

    /** Where the boot is reported: the lobos manager the network boot found, or nowhere (docs/netboot.md). */
    private lobos.netboot.BootReport report() {
        return network == null ? lobos.netboot.BootReport.NONE : network.report();
    }

    /** Where mounts go: /run/lobos, or a temporary directory in a dry run (nothing is mounted there). */
    private Path runDir() {
        if (!dryRun) return Mounter.RUN;
        try {
            return Files.createTempDirectory("lobos-run");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What IPAPPEND/SYSAPPEND bits add, from the lease the loader holds now. */
    private java.util.Optional<List<String>> networkWords(int bits) {
        var lease = network == null ? null : network.lease();
        if (lease == null) return java.util.Optional.empty();
        String arch = kernel.arch() == lobos.linux.Arch.ARM64 ? "arm64" : "x86_64";
        return java.util.Optional.of(new BootNetwork(lease, Dhcp.systemUuid(), arch, Version.current()).append(bits));
    }

    private static Path existing(Path p) {
        return Files.exists(p) ? p : null;
    }
}
