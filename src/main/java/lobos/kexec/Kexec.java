package lobos.kexec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import lobos.image.Pe;
import lobos.initramfs.Content;
import lobos.initramfs.Initrd;
import lobos.linux.Kernel;
import lobos.linux.KernelException;
import lobos.linux.MountTable;
import lobos.linux.RebootCommand;
import lobos.linux.SegmentData;

/** Loads a checked {@link BootPlan} into the kernel and starts it. */
public final class Kexec {
    private final Kernel kernel;
    private final Consumer<String> log;
    private final Supplier<List<MountTable.Mount>> mounts;
    private final ProcessRunner processes;
    private final Supplier<SystemMemory> memory;
    private final SurvivingLog survival;

    /** Runs a command and returns its exit code; a seam so tests never start systemctl. */
    public interface ProcessRunner {
        int run(List<String> command) throws IOException, InterruptedException;
    }

    public Kexec(Kernel kernel, Consumer<String> log) {
        this(kernel, log, Kexec::readMounts, command -> new ProcessBuilder(command).inheritIO().start().waitFor());
    }

    public Kexec(Kernel kernel, Consumer<String> log, Supplier<List<MountTable.Mount>> mounts,
            ProcessRunner processes) {
        this(kernel, log, mounts, processes, () -> SystemMemory.read(Path.of("/")), new SurvivingLog(Path.of("/")));
    }

    /**
     * @param memory   the physical memory map, read when a kexec_load image is laid out
     * @param survival where the loader's log is kept for the next kernel, when ramoops runs
     */
    public Kexec(Kernel kernel, Consumer<String> log, Supplier<List<MountTable.Mount>> mounts,
            ProcessRunner processes, Supplier<SystemMemory> memory, SurvivingLog survival) {
        this.kernel = kernel;
        this.log = log;
        this.mounts = mounts;
        this.processes = processes;
        this.memory = memory;
        this.survival = survival;
    }

    /**
     * The command line a Linux kernel gets: the plan's, plus the ramoops reservation when the
     * loader keeps its log there (so the next kernel neither overwrites nor loses it).
     */
    private String cmdline(BootPlan plan) {
        var ramoops = survival.active();
        if (ramoops.isEmpty()) return plan.cmdline();
        String line = SurvivingLog.appendTo(plan.cmdline(), ramoops.get());
        if (!line.equals(plan.cmdline())) log.accept("the loader's log survives in pstore: " + ramoops.get().parameters());
        return line;
    }

    /**
     * Loads the kernel, its initrds (several are concatenated, in order, into one in-memory file
     * the kernel unpacks whole) and its command line. Until {@link #execute} nothing else changes:
     * a failed load leaves the running system as it was.
     */
    public void load(BootPlan plan) throws IOException {
        switch (plan) {
            case BootPlan.FileLoad f -> {
                switch (f.source()) {
                    case FILE -> {
                        if (!carryLog(f)) loadFile(f, f.kernel());
                    }
                    case DECOMPRESSED -> {
                        Path unpacked = kernel.memoryFile("lobos-kernel");
                        Files.write(unpacked, Unpacked.kernel(Files.readAllBytes(f.kernel())));
                        loadFile(f, unpacked);
                    }
                    case UKI -> loadUki(f);
                }
            }
            case BootPlan.SegmentLoad s -> loadSegments(s);
        }
    }

    /**
     * A UKI as systemd-stub starts it: .linux becomes the kernel, .ucode and .initrd (in that
     * order, when present) go in front of the entry's initrds. The parts live in memory files.
     */
    private void loadUki(BootPlan.FileLoad plan) throws IOException {
        Pe pe = Pe.parse(Files.readAllBytes(plan.kernel()));
        Path linux = kernel.memoryFile("lobos-uki-linux");
        Files.write(linux, pe.sectionBytes(".linux").orElseThrow(() -> new KexecException(plan.kernel()
                + " has no .linux section any more", "boot it again")));
        List<Content> parts = new java.util.ArrayList<>();
        pe.sectionBytes(".ucode").ifPresent(b -> parts.add(Content.of(b)));
        pe.sectionBytes(".initrd").ifPresent(b -> parts.add(Content.of(b)));
        plan.initrds().forEach(p -> parts.add(Content.of(p)));
        Path initrd = null;
        if (!parts.isEmpty()) {
            initrd = kernel.memoryFile("lobos-uki-initrd");
            try (OutputStream out = Files.newOutputStream(initrd)) {
                Initrd.concatenate(parts, out);
            }
        }
        kernel.kexecFileLoad(linux, initrd, cmdline(plan));
    }

    private void loadFile(BootPlan.FileLoad plan, Path kernelFile) throws IOException {
        kernel.kexecFileLoad(kernelFile, initrd(plan.initrds()), cmdline(plan));
    }

    /** The initrd file: none, the one, or several concatenated in order into a memory file. */
    private Path initrd(List<Path> initrds) throws IOException {
        return switch (initrds.size()) {
            case 0 -> null;
            case 1 -> initrds.getFirst();
            default -> {
                Path joined = kernel.memoryFile("lobos-initrd");
                try (OutputStream out = Files.newOutputStream(joined)) {
                    Initrd.concatenate(initrds.stream().map(Content::of).toList(), out);
                }
                yield joined;
            }
        };
    }

    /** Lays the kernel out in physical memory (pure, in {@link Layouts}) and hands the segments to kexec_load. */
    /**
     * A bzImage kexec_file_load would take, when the loader keeps its log: loaded with
     * kexec_load instead, since only a segment can carry the log into the reserved RAM. Under
     * lockdown (kexec_load refused) it falls back to kexec_file_load, without the log.
     *
     * @return whether it was loaded
     */
    private boolean carryLog(BootPlan.FileLoad f) throws IOException {
        if (survival.active().isEmpty() || kernel.arch() != lobos.linux.Arch.X86_64) return false;
        byte[] head = Files.readAllBytes(f.kernel());
        if (!(lobos.image.KernelImage.identify(head) instanceof lobos.image.BzImage b)
                || !b.has(lobos.image.BzImage.XLoadFlag.KERNEL_64)) {
            return false;
        }
        try {
            loadSegments(new BootPlan.SegmentLoad(f.kernel(), BootPlan.Format.BZIMAGE, f.description(), f.initrds(),
                    List.of(), f.cmdline(), f.warnings()));
            return true;
        } catch (lobos.LobosException e) {
            log.accept("kexec_load cannot carry the loader's log (" + e.getMessage() + "); loading with"
                    + " kexec_file_load, without it");
            return false;
        }
    }

    private void loadSegments(BootPlan.SegmentLoad plan) throws IOException {
        boolean linux = plan.format() == BootPlan.Format.BZIMAGE || plan.format() == BootPlan.Format.VMLINUX;
        LinuxSegments.Extras extras = LinuxSegments.Extras.NONE;
        var ramoops = survival.active();
        if (linux && ramoops.isPresent()) {
            String session = SurvivingLog.session(kernel, SessionLog.lines());
            long micros = java.time.Instant.now().toEpochMilli() * 1000;
            extras = new LinuxSegments.Extras(0, SurvivingLog.records(ramoops.get(), session, micros));
            log.accept("keeping this session's log (" + session.length() + " characters) in pstore for the next kernel");
        }
        KexecImage image = layout(linux ? withCmdline(plan, cmdline(plan)) : plan, memory.get(), extras);
        for (String line : image.describe()) log.accept("kexec_load: " + line);
        kernel.kexecLoad(image.entry(), image.segments());
    }

    private static BootPlan.SegmentLoad withCmdline(BootPlan.SegmentLoad p, String cmdline) {
        return new BootPlan.SegmentLoad(p.kernel(), p.format(), p.description(), p.initrds(), p.modules(), cmdline,
                p.warnings());
    }

    /** The segments a plan becomes on a machine with this memory; what a dry run shows. */
    public List<String> describeLayout(BootPlan.SegmentLoad plan) throws IOException {
        return layout(plan, memory.get(), LinuxSegments.Extras.NONE).describe();
    }

    /**
     * The kernel is read (and unpacked) into the heap, since its headers decide the layout; the
     * initrd (several joined in a memory file) and the modules stay files: only their sizes
     * matter for the layout, and the system call maps them.
     */
    private KexecImage layout(BootPlan.SegmentLoad plan, SystemMemory memory, LinuxSegments.Extras extras)
            throws IOException {
        byte[] file = Unpacked.kernel(Files.readAllBytes(plan.kernel()));
        Path initrd = initrd(plan.initrds());
        List<SegmentData> modules = new java.util.ArrayList<>();
        for (KernelRequest.Module m : plan.modules()) modules.add(SegmentData.of(m.file()));
        return Layouts.layout(plan, file, initrd == null ? SegmentData.of(new byte[0]) : SegmentData.of(initrd),
                modules, memory, extras);
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
