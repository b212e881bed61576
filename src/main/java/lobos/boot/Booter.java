package lobos.boot;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import lobos.LobosException;
import lobos.config.BootEntry;
import lobos.fetch.Locator;
import lobos.fetch.Progress;
import lobos.kexec.BootPlan;
import lobos.kexec.Handoff;
import lobos.kexec.Kexec;
import lobos.kexec.KernelRequest;
import lobos.kexec.KexecException;
import lobos.kexec.Planner;
import lobos.linux.Arch;
import lobos.linux.Kernel;
import lobos.linux.Memory;
import lobos.path.Location;
import lobos.path.ParsedPath;
import lobos.path.PathParser;

/**
 * The one way from a {@link BootEntry} to a running kernel, for the loader's PID 1, its prompt
 * and shell, SSH and {@code lobos boot} alike. Two steps, so that a caller can show what was
 * loaded, let a person cancel a load (interrupt the loading thread) and decide:
 *
 * <ol>
 *   <li>{@link #load}: find the kernel and initrds wherever the entry's paths say ({@link EntryPaths}:
 *       the loader, a disk, the booted system, NFS, a URL), check them ({@link Planner}), put
 *       them in the kernel's kexec slot. A failure or an interrupt unloads what was loaded and
 *       throws: the machine is as it was and the loader stays usable.
 *   <li>{@link #execute}: start the loaded kernel.
 * </ol>
 */
public final class Booter {
    private final Kernel kernel;
    private final Locator locator;
    private final EntryPaths paths;
    private final Consumer<String> log;
    private final NetworkWords network;

    /**
     * What pxelinux's IPAPPEND and SYSAPPEND add to a command line ({@link BootEntry#sysappend()}),
     * from the network the loader has when the entry is booted (its lease now, not when the menu
     * was read).
     */
    @FunctionalInterface
    public interface NetworkWords {
        /** The words the bits ask for ({@code ip=...}, {@code BOOTIF=...}, {@code SYSUUID=...}); empty without a lease. */
        Optional<List<String>> words(int bits);

        /** No network: the words cannot be known. */
        NetworkWords NONE = bits -> Optional.empty();
    }

    /**
     * @param log what kexec says while it works ("starting the new kernel"), one line at a time
     */
    public Booter(Kernel kernel, Locator locator, EntryPaths paths, Consumer<String> log) {
        this(kernel, locator, paths, log, NetworkWords.NONE);
    }

    /** @param network the words an entry's IPAPPEND/SYSAPPEND asks for, from the current lease */
    public Booter(Kernel kernel, Locator locator, EntryPaths paths, Consumer<String> log, NetworkWords network) {
        this.kernel = kernel;
        this.locator = locator;
        this.paths = paths;
        this.log = log;
        this.network = network;
    }

    public EntryPaths paths() {
        return paths;
    }

    /**
     * Finds and checks the entry's files, fetching what is remote: nothing is loaded. This is
     * what {@code lobos boot --dry-run} shows.
     *
     * @throws LobosException the entry cannot be booted (a missing file, not a kernel, a kind lobos
     *                        cannot boot); the message says which and why
     */
    public BootPlan plan(BootEntry entry, Progress progress) throws IOException, InterruptedException {
        return plan(entry, progress, KernelRequest.Syscall.AUTO);
    }

    /**
     * The same, loaded with the given system call: a Linux kernel with its initrds, or a
     * Multiboot kernel with its modules (its command line and each module's start with its path,
     * then its arguments, as GRUB Legacy passes them).
     */
    public BootPlan plan(BootEntry entry, Progress progress, KernelRequest.Syscall syscall)
            throws IOException, InterruptedException {
        KernelRequest.Protocol protocol = switch (entry.kind()) {
            case LINUX -> KernelRequest.Protocol.LINUX;
            case MULTIBOOT -> KernelRequest.Protocol.MULTIBOOT;
            case MULTIBOOT2 -> KernelRequest.Protocol.MULTIBOOT2;
            case CHAINLOAD -> throw new LobosException(entry.id() + " hands over to another boot loader ("
                    + entry.kernel() + "), which lobos cannot do yet", "choose a Linux or Multiboot entry");
        };
        // Everything must fit in memory twice over: the files, then the kernel's copy of them.
        long limit = Memory.available(Long.MAX_VALUE) / 2;
        Path kernelFile = file(entry.kernel(), entry, limit, progress);
        List<Path> initrds = new ArrayList<>();
        for (String i : entry.initrds()) initrds.add(file(i, entry, limit, progress));
        List<KernelRequest.Module> modules = new ArrayList<>();
        for (String m : entry.modules()) {
            String text = m.strip();
            modules.add(new KernelRequest.Module(file(text.split("\\s+", 2)[0], entry, limit, progress), text));
        }
        String cmdline = cmdline(entry, network);
        // A Multiboot kernel's command line starts with its path, as its modules' do: GRUB Legacy,
        // syslinux's mboot.c32, iPXE and QEMU pass it so, and Xen drops the first word from any
        // loader that does not call itself GRUB 2.
        if (protocol != KernelRequest.Protocol.LINUX) cmdline = (entry.kernel() + " " + cmdline).strip();
        return new Planner(kernel.arch()).plan(new KernelRequest(kernelFile, protocol, initrds, modules, cmdline,
                syscall));
    }

    /**
     * Plans the entry and loads it into the kernel. Interrupting the calling thread cancels the
     * load (between files, and before the kernel is given them).
     */
    public LoadedKernel load(BootEntry entry, Progress progress) throws IOException, InterruptedException {
        long start = System.nanoTime();
        try {
            BootPlan plan = plan(entry, progress);
            return load(entry, plan, start);
        } catch (IOException | InterruptedException | RuntimeException e) {
            unload();
            throw e;
        }
    }

    /** Loads a plan made by {@link #plan} (after the caller showed it). */
    public LoadedKernel load(BootEntry entry, BootPlan plan) throws IOException, InterruptedException {
        try {
            return load(entry, plan, System.nanoTime());
        } catch (IOException | InterruptedException | RuntimeException e) {
            unload();
            throw e;
        }
    }

    private LoadedKernel load(BootEntry entry, BootPlan plan, long start) throws IOException, InterruptedException {
        cancelled();
        new Kexec(kernel, log).load(plan);
        if (Thread.interrupted()) {
            unload();
            throw new InterruptedException("cancelled");
        }
        List<String> warnings = new ArrayList<>(entry.warnings());
        warnings.addAll(plan.warnings());
        warnings.addAll(unused(entry, kernel.arch()));
        if (entry.sysappend() != 0 && network.words(entry.sysappend()).isEmpty()) {
            warnings.add("IPAPPEND/SYSAPPEND " + entry.sysappend() + " not applied: the loader has no network lease"
                    + " (ip= on its command line, or kboot.conf's network=, brings one up)");
        }
        return new LoadedKernel(entry, plan, warnings, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * What the entry asks for that this boot does not do, said plainly rather than dropped in
     * silence.
     */
    static List<String> unused(BootEntry entry, Arch arch) {
        List<String> out = new ArrayList<>();
        if (entry.devicetree() != null && !entry.devicetree().isBlank()) {
            out.add(switch (arch) {
                case X86_64 -> "devicetree " + entry.devicetree() + " ignored: x86 kernels take no device tree";
                case ARM64 -> "devicetree " + entry.devicetree() + " not passed: kexec_file_load gives the new"
                        + " kernel the running one's device tree";
            });
        }
        return out;
    }

    /**
     * The command line the kernel gets: the entry's, then the words its IPAPPEND/SYSAPPEND bits
     * ask for from the current lease, as pxelinux appends them. The one place they are added.
     */
    static String cmdline(BootEntry entry, NetworkWords network) {
        String cmdline = entry.cmdline() == null ? "" : entry.cmdline();
        if (entry.sysappend() == 0) return cmdline;
        List<String> words = network.words(entry.sysappend()).orElse(List.of());
        if (words.isEmpty()) return cmdline;
        return (cmdline.isBlank() ? "" : cmdline + " ") + String.join(" ", words);
    }

    /**
     * Starts the loaded kernel; returns only if that failed (then it throws) or, with
     * {@link Handoff#SYSTEMD}, while the system shuts down.
     */
    public void execute(LoadedKernel loaded, Handoff handoff) throws IOException, InterruptedException {
        if (!kernel.kexecLoaded()) {
            throw new KexecException("no kernel is loaded for kexec (" + loaded.entry().id() + " was unloaded)",
                    "load it again");
        }
        new Kexec(kernel, log).execute(handoff);
    }

    /** Starts whatever kernel is loaded (lobos boot --exec after an earlier --load-only). */
    public void executeLoaded(Handoff handoff) throws IOException, InterruptedException {
        new Kexec(kernel, log).execute(handoff);
    }

    /** Empties the kexec slot, so a failed or abandoned load leaves nothing behind. */
    public void unload() {
        try {
            if (kernel.kexecLoaded()) kernel.kexecUnload();
        } catch (LobosException e) {
            log.accept("warning: " + e.getMessage());
        }
    }

    /** The file a path of an entry names, mounted or downloaded. */
    private Path file(String text, BootEntry entry, long limit, Progress progress)
            throws IOException, InterruptedException {
        cancelled();
        ParsedPath parsed = PathParser.parse(text);
        Location location = paths.resolve(parsed, entry.context());
        return locator.file(parsed, location, limit, progress);
    }

    private static void cancelled() throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException("cancelled");
    }
}
