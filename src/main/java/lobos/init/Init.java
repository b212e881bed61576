package lobos.init;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lobos.LobosException;
import lobos.cli.Main;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.PathContext;
import lobos.config.kboot.KbootConf;
import lobos.kexec.BootPlan;
import lobos.kexec.Handoff;
import lobos.kexec.Kexec;
import lobos.kexec.Planner;
import lobos.linux.Errno;
import lobos.linux.Kernel;
import lobos.linux.KernelException;
import lobos.linux.Modules;
import lobos.linux.RebootCommand;
import lobos.linux.Uname;

/**
 * The boot loader's PID 1: finishes the mounts /init began, loads the configured kernel
 * modules, reads /etc/kboot.conf, waits {@code delay} seconds for a key, then boots the
 * default. When a boot fails it says why and stays up at a prompt: lobos must never leave a
 * machine with nothing but a kernel panic.
 */
public final class Init {
    private final Kernel kernel;
    private final Path etc;
    private final PrintStream out;
    private final BufferedReader in;
    private final Keyboard keyboard;
    private final boolean dryRun;
    private KbootConf conf;
    private Modules modules;
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
            return Files.readString(local(conf.message()));
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
        double start = Uptime.now();
        out.println("lobos: booting " + entry.id() + ": " + entry.kernel());
        try {
            if (entry.kind() != BootEntry.Kind.LINUX) {
                throw new LobosException(entry.id() + " is a " + entry.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + " entry, which lobos cannot boot yet", "choose a Linux entry");
            }
            List<Path> initrds = new ArrayList<>();
            for (String i : entry.initrds()) initrds.add(local(i));
            BootPlan plan = new Planner(kernel.arch()).plan(local(entry.kernel()), initrds,
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

    private void unload() {
        try {
            if (kernel.kexecLoaded()) kernel.kexecUnload();
        } catch (LobosException e) {
            out.println("lobos: warning: " + e.getMessage());
        }
    }

    /**
     * A path in the loader's own file system. {@code //path} is the loader's root (kboot's
     * rule); {@code /path} means the booted system's root, which lobos cannot mount yet
     * (docs/paths.md), so it is looked up in the loader too.
     */
    static Path local(String path) {
        String p = path.startsWith("//") ? path.substring(1) : path;
        return Path.of(p.startsWith("/") ? p : "/" + p);
    }

    void power(RebootCommand command) {
        kernel.sync();
        kernel.reboot(command);
    }
}
