package lobos.kexec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import lobos.initramfs.Content;
import lobos.initramfs.Initrd;
import lobos.linux.Kernel;
import lobos.linux.KernelException;
import lobos.linux.MountTable;
import lobos.linux.RebootCommand;

/** Loads a checked {@link BootPlan} into the kernel and starts it. */
public final class Kexec {
    private final Kernel kernel;
    private final Consumer<String> log;
    private final Supplier<List<MountTable.Mount>> mounts;
    private final ProcessRunner processes;

    /** Runs a command and returns its exit code; a seam so tests never start systemctl. */
    public interface ProcessRunner {
        int run(List<String> command) throws IOException, InterruptedException;
    }

    public Kexec(Kernel kernel, Consumer<String> log) {
        this(kernel, log, Kexec::readMounts, command -> new ProcessBuilder(command).inheritIO().start().waitFor());
    }

    public Kexec(Kernel kernel, Consumer<String> log, Supplier<List<MountTable.Mount>> mounts,
            ProcessRunner processes) {
        this.kernel = kernel;
        this.log = log;
        this.mounts = mounts;
        this.processes = processes;
    }

    /**
     * Loads the kernel, its initrds (several are concatenated, in order, into one in-memory file
     * the kernel unpacks whole) and its command line. Until {@link #execute} nothing else changes:
     * a failed load leaves the running system as it was.
     */
    public void load(BootPlan plan) throws IOException {
        Path initrd = switch (plan.initrds().size()) {
            case 0 -> null;
            case 1 -> plan.initrds().getFirst();
            default -> {
                Path joined = kernel.memoryFile("lobos-initrd");
                try (OutputStream out = Files.newOutputStream(joined)) {
                    Initrd.concatenate(plan.initrds().stream().map(Content::of).toList(), out);
                }
                yield joined;
            }
        };
        kernel.kexecFileLoad(plan.kernel(), initrd, plan.cmdline());
    }

    /**
     * Starts the loaded kernel. When it works this does not return (or, with systemd, returns
     * while the system shuts down).
     */
    public void execute(Handoff handoff) throws IOException, InterruptedException {
        if (!kernel.kexecLoaded()) {
            throw new KexecException("no kernel is loaded for kexec", "load one first: lobos boot KERNEL --load-only");
        }
        if (handoff == Handoff.SYSTEMD) {
            log.accept("handing over to systemd: systemctl kexec");
            int rc = processes.run(List.of("systemctl", "kexec"));
            if (rc != 0) {
                throw new KexecException("systemctl kexec failed (exit " + rc + ")",
                        "see `journalctl -b` for why systemd did not switch kernels");
            }
            return;
        }
        kernel.sync();
        for (MountTable.Mount m : mounts.get().reversed()) {
            if (!m.holdsData() || m.readOnly()) continue;
            release(m);
        }
        kernel.sync();
        log.accept("starting the new kernel");
        kernel.reboot(RebootCommand.KEXEC);
        throw new KexecException("reboot into the loaded kernel returned", "the kernel refused to switch; see dmesg");
    }

    /** Unmounts a file system, or makes it read-only when it is busy (the root, a cwd). */
    private void release(MountTable.Mount m) {
        Path target = Path.of(m.target());
        if (!m.target().equals("/")) {
            try {
                kernel.umount(target, 0);
                return;
            } catch (KernelException e) {
                log.accept("cannot unmount " + m.target() + " (" + e.getMessage() + "), remounting read-only");
            }
        }
        try {
            kernel.mount(m.source(), target, m.type(), Kernel.MS_REMOUNT | Kernel.MS_RDONLY, null);
        } catch (KernelException e) {
            log.accept("cannot remount " + m.target() + " read-only: " + e.getMessage());
        }
    }

    private static List<MountTable.Mount> readMounts() {
        try {
            return MountTable.read();
        } catch (IOException e) {
            return List.of();
        }
    }
}
