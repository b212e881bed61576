package lobos.init;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import lobos.LobosException;
import lobos.cli.Main;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.config.kboot.KbootConf;
import lobos.fetch.FetchOptions;
import lobos.fetch.Fetcher;
import lobos.fetch.Locator;
import lobos.fetch.MountedStorage;
import lobos.fetch.Protocols;
import lobos.linux.Errno;
import lobos.linux.Kernel;
import lobos.linux.KernelException;
import lobos.linux.Modules;
import lobos.linux.RebootCommand;
import lobos.linux.Uname;
import lobos.net.IpConfig;
import lobos.net.Network;
import lobos.storage.DeviceProber;
import lobos.storage.Mounter;
import lobos.storage.SysfsBlockDevices;

/**
 * The boot loader's PID 1: finishes the mounts /init began, loads the configured kernel
 * modules, reads /etc/kboot.conf, waits {@code delay} seconds for a key, then boots the
 * default. When a boot fails it says why and stays up at a prompt: lobos must never leave a
 * machine with nothing but a kernel panic.
 */
public final class Init {
    /** The CA certificates HTTPS trusts, when the image carries them. */
    static final Path CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private final Kernel kernel;
    private final Path etc;
    private final PrintStream out;
    private final BufferedReader in;
    private final Keyboard keyboard;
    private final boolean dryRun;

    private KbootConf conf;
    private Modules modules;
    private Booter booter;
    private Menu menu;

    /** Tells whether the user typed something, without blocking (a seam for tests). */
    public interface Keyboard {
        boolean hasInput() throws IOException;
    }

    /**
     * @param etc    where kboot.conf and lobos/modules are ("/etc" in the image)
     * @param dryRun never wait for input and return instead of prompting forever (training runs)
     */
    public Init(Kernel kernel, Path etc, PrintStream out, BufferedReader in, Keyboard keyboard, boolean dryRun) {
        this.kernel = kernel;
        this.etc = etc;
        this.out = out;
        this.in = in;
        this.keyboard = keyboard;
        this.dryRun = dryRun;
    }

    public void run() {
        double javaUp = Uptime.now();
        try {
            finishMounts();
            loadModules();
            network();
            readConfig();
            banner(javaUp);
            Optional<BootEntry> def = defaultEntry();
            if (def.isPresent() && !interruptedDuring(menu.timeout(), def.get())) {
                boot(def.get());
            }
        } catch (RuntimeException e) {
            // A bug must not take PID 1 down (that is a kernel panic): report it and offer the prompt.
            internalError(e);
            if (menu == null) {
                conf = KbootConf.parse("", "(none)");
                menu = conf.toMenu(PathContext.NONE, null);
            }
        }
        new Prompt(this, out, in).run(dryRun);
    }

    void internalError(RuntimeException e) {
        out.println("lobos: internal error, please report it with this trace:");
        e.printStackTrace(out);
        out.flush();
    }

    private void banner(double javaUp) {
        Uname u = kernel.uname();
        out.println("lobos " + Main.version() + " on Linux " + u.release() + " " + u.machine());
        out.println("  kernel start to /init " + Uptime.format(Uptime.atInit()) + ", Java running "
                + Uptime.format(javaUp) + ", lobos ready " + Uptime.format(Uptime.now()));
        if (menu.message() != null && !menu.message().isBlank()) out.println(menu.message().stripTrailing());
        for (BootEntry e : menu.entries()) {
            if (!e.hidden()) out.println("  " + e.id() + (e.id().equals(menu.defaultId()) ? " (default)" : ""));
        }
        for (var w : menu.warnings()) out.println("lobos: warning: " + w);
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

    /** Brings the network up when the kernel command line has ip= (the kernel's own syntax). */
    private void network() {
        try {
            IpConfig config = IpConfig.fromCmdline(Files.readString(Path.of("/proc/cmdline")));
            if (config != null && !dryRun) new Network(line -> out.println("lobos: " + line)).configure(config);
        } catch (LobosException | IOException e) {
            out.println("lobos: warning: network: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void readConfig() {
        Path file = etc.resolve("kboot.conf");
        String text = "";
        try {
            if (Files.exists(file)) text = Files.readString(file);
            else out.println("lobos: no " + file + ": nothing to boot by default");
        } catch (IOException e) {
            out.println("lobos: cannot read " + file + ": " + e.getMessage());
        }
        conf = KbootConf.parse(text, file.toString());
        menu = conf.toMenu(PathContext.NONE, message());
    }

    private String message() {
        if (conf.message() == null) return null;
        try {
            return Files.readString(booter().file(conf.message(), PathContext.NONE, 1 << 20));
        } catch (IOException | RuntimeException e) {
            out.println("lobos: warning: message file " + conf.message() + ": " + e.getMessage());
            return null;
        }
    }

    Menu menu() {
        return menu;
    }

    KbootConf conf() {
        return conf;
    }

    Optional<BootEntry> defaultEntry() {
        if (menu.defaultId() == null) return Optional.empty();
        return menu.entries().stream().filter(e -> e.id().equals(menu.defaultId())).findFirst();
    }

    /** Counts down; true if the user pressed a key first. */
    private boolean interruptedDuring(Duration timeout, BootEntry entry) {
        if (timeout == null) return true; // wait forever: straight to the prompt
        if (timeout.isZero() || dryRun) return false;
        out.println("lobos: booting " + entry.id() + " in " + timeout.toSeconds() + " s; press Enter for the prompt");
        out.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (keyboard.hasInput()) {
                    in.readLine();
                    return true;
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Boots an entry; returns only if that failed (after saying why). */
    void boot(BootEntry entry) {
        booter().boot(entry);
    }

    private Booter booter() {
        if (booter == null) {
            Mounter mounter = new Mounter(kernel, modules, conf.mountRw(), runDir(), line -> out.println("lobos: " + line));
            FetchOptions options = new FetchOptions(FetchOptions.DEFAULTS.timeout(), FetchOptions.DEFAULTS.retries(), false,
                    existing(CA_BUNDLE), etc.resolve("lobos"));
            Locator locator = new Locator(MountedStorage.loader(mounter, DeviceProber::probeAll, conf.root()),
                    new Fetcher(Protocols.all(), options), kernel::memoryFile);
            Set<String> labels = new HashSet<>();
            conf.labels().forEach(l -> labels.add(l.name()));
            booter = new Booter(kernel, locator, out, labels, SysfsBlockDevices::names);
        }
        return booter;
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

    private static Path existing(Path p) {
        return Files.exists(p) ? p : null;
    }

    void power(RebootCommand command) {
        kernel.sync();
        kernel.reboot(command);
    }
}
