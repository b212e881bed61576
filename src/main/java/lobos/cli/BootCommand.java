package lobos.cli;

import lobos.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import lobos.boot.Booter;
import lobos.boot.EntryPaths;
import lobos.boot.LoadedKernel;
import lobos.config.BootEntry;
import lobos.config.PathContext;
import lobos.config.Source;
import lobos.fetch.Progress;
import lobos.kexec.BootPlan;
import lobos.kexec.CommandLines;
import lobos.kexec.Handoff;
import lobos.kexec.KernelLookup;
import lobos.kexec.KernelRequest;
import lobos.kexec.Kexec;
import lobos.linux.Kernel;
import lobos.linux.LinuxKernel;
import lobos.storage.SysfsBlockDevices;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "boot", mixinStandardHelpOptions = true,
        description = {"Load a kernel with kexec and, when asked, start it: a reboot without the firmware.",
                "KERNEL is a file, part of a kernel's name in /boot (lobos boot 6.1.0-56), or any generalized path"
                        + " (sda1:/boot/vmlinuz, http://server/vmlinuz, ...); a kernel found by name brings the initrd"
                        + " installed beside it unless --initrd is given.",
                "Without --exec the kernel is only loaded (start it later with lobos boot --exec); as PID 1 lobos"
                        + " starts it at once."},
        footer = {"", "Exit status: 0 loaded (or started), 1 it could not be, 2 bad usage."})
final class BootCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "KERNEL", description = "kernel file or part of its name")
    String kernel;

    @Option(names = "--initrd", paramLabel = "PATH", description = "an initrd (any generalized path); repeat for"
            + " several, in load order (microcode first): they are concatenated")
    List<String> initrds = new ArrayList<>();

    @picocli.CommandLine.Mixin
    PathOptions paths;

    static final class Line {
        @Option(names = "--append", paramLabel = "ARGS", description = "add to the command line")
        String append;

        @Option(names = "--command-line", paramLabel = "LINE", description = "the whole command line")
        String commandLine;
    }

    @ArgGroup(exclusive = true)
    Line line = new Line();

    @Option(names = "--reuse-cmdline", description = "start from this system's command line (without BOOT_IMAGE= and initrd=)")
    boolean reuse;

    static final class Mode {
        @Option(names = "--load-only", description = "load, do not start (the default unless lobos is PID 1)")
        boolean loadOnly;

        @Option(names = "--exec", description = "start the kernel: with systemd via systemctl kexec, otherwise after"
                + " unmounting file systems")
        boolean exec;

        @Option(names = "--force", description = "start the kernel at once: sync, unmount, kexec, without asking systemd")
        boolean force;
    }

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    @Option(names = "--syscall", paramLabel = "CALL", description = "auto (default): kexec_file_load for a bzImage"
            + " (signatures are checked under lockdown), kexec_load for what it cannot take (an ELF vmlinux, Multiboot"
            + " kernels); file: always kexec_file_load; load: always kexec_load, with lobos's own entry code")
    String syscall = "auto";

    @Option(names = "--protocol", paramLabel = "KIND", description = "linux (default: a Multiboot kernel is still"
            + " recognised), multiboot or multiboot2: how the kernel is entered")
    String protocol = "linux";

    @Option(names = "--module", paramLabel = "'PATH ARGS'", description = "a Multiboot module and its command line"
            + " (one argument: the path, a space, the arguments); repeat for several, in order")
    List<String> modules = new ArrayList<>();

    @Option(names = "--dry-run", description = "check and show what would be loaded; change nothing")
    boolean dryRun;

    @Option(names = "--json", description = "with --dry-run: print the plan as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        boolean pid1 = ProcessHandle.current().pid() == 1;
        boolean start = pid1 || mode.exec || mode.force;
        if (kernel == null) {
            if (!mode.exec && !mode.force) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "KERNEL is required unless --exec starts the kernel loaded before");
            }
            new Booter(new LinuxKernel(), null, EntryPaths.plain(), System.out::println).executeLoaded(handoff());
            return Main.OK;
        }
        KernelRequest.Syscall call = choice(KernelRequest.Syscall.class, "--syscall", syscall);
        KernelRequest.Protocol kind = choice(KernelRequest.Protocol.class, "--protocol", protocol);
        if (line.commandLine != null && reuse) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--command-line gives the whole command line; it cannot be combined with --reuse-cmdline");
        }
        Kernel k = new LinuxKernel();
        Booter booter = new Booter(k, paths.locator(k, k::memoryFile),
                new EntryPaths(Set.of(), SysfsBlockDevices::names), System.out::println);
        BootEntry entry = entry(kind);
        BootPlan plan = booter.plan(entry, Progress.NONE, call);
        print(plan, new Kexec(k, System.out::println));
        if (dryRun) return Main.OK;
        LoadedKernel loaded = booter.load(entry, plan);
        if (!start) {
            System.out.println("loaded; start it with: lobos boot --exec   (or: systemctl kexec)");
            return Main.OK;
        }
        booter.execute(loaded, handoff());
        return Main.OK;
    }

    /**
     * The boot entry the arguments describe, for the same path from entry to kernel as the
     * loader's menu. A kernel named by part of its name brings the initrd installed beside it;
     * plain paths are this system's, relative to the current directory.
     */
    BootEntry entry(KernelRequest.Protocol protocol) throws IOException {
        String kernelPath = kernel;
        String foundInitrd = null;
        if (!generalized(kernel)) {
            KernelLookup.Found found = new KernelLookup(Path.of("/")).find(kernel);
            kernelPath = found.kernel().toString();
            foundInitrd = found.initrd() == null ? null : found.initrd().toString();
        }
        List<String> initrdPaths = new ArrayList<>();
        for (String i : initrds) initrdPaths.add(generalized(i) ? i : Path.of(i).toAbsolutePath().toString());
        if (initrdPaths.isEmpty() && foundInitrd != null) initrdPaths.add(foundInitrd);
        String cmdline = line.commandLine != null ? line.commandLine
                : CommandLines.append(reuse ? CommandLines.reuse(currentCmdline()) : "", line.append);
        // a module is its path and then its arguments; relative paths are read in the current directory
        List<String> modulePaths = modules.stream().map(String::strip).toList();
        BootEntry.Kind kind = switch (protocol) {
            case LINUX -> BootEntry.Kind.LINUX;
            case MULTIBOOT -> BootEntry.Kind.MULTIBOOT;
            case MULTIBOOT2 -> BootEntry.Kind.MULTIBOOT2;
        };
        String cwd = Path.of("").toAbsolutePath().normalize().toString();
        return new BootEntry(kernel, kernel, kind, kernelPath, initrdPaths, cmdline, null, modulePaths, false,
                new PathContext(null, null, cwd, null), new Source("lobos boot", 0), List.of(), null, 0);
    }

    /** An option's value as one of an enum's constants, named in lower case. */
    private <E extends Enum<E>> E choice(Class<E> type, String option, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) return e;
        }
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " takes one of "
                + String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                        .map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList()) + ", not " + value);
    }

    /** Paths with a ':' (URLs, device and NFS paths) go through the locator; others are files or names. */
    private static boolean generalized(String text) {
        return text.contains(":");
    }

    private Handoff handoff() {
        return mode.force ? Handoff.DIRECT : Handoff.detect();
    }

    private void print(BootPlan plan, Kexec kexec) throws IOException {
        List<String> layout = dryRun && plan instanceof BootPlan.SegmentLoad s ? kexec.describeLayout(s) : List.of();
        List<KernelRequest.Module> mods = plan instanceof BootPlan.SegmentLoad s ? s.modules() : List.of();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("kernel", plan.kernel().toString());
            out.put("description", plan.description());
            out.put("syscall", plan.syscall());
            out.put("initrds", plan.initrds().stream().map(Path::toString).toList());
            out.put("modules", mods.stream().map(m -> Map.of("file", m.file().toString(), "cmdline", m.cmdline()))
                    .toList());
            out.put("cmdline", plan.cmdline());
            if (!layout.isEmpty()) out.put("segments", layout);
            out.put("warnings", plan.warnings());
            System.out.print(Json.write(out));
            return;
        }
        System.out.println("kernel:       " + plan.kernel() + " (" + plan.description() + ")");
        System.out.println("system call:  " + plan.syscall());
        for (Path i : plan.initrds()) System.out.println("initrd:       " + i);
        for (KernelRequest.Module m : mods) System.out.println("module:       " + m.file() + " [" + m.cmdline() + "]");
        System.out.println("command line: " + (plan.cmdline().isEmpty() ? "(empty)" : plan.cmdline()));
        for (String l : layout) System.out.println("segment:      " + l);
        for (String w : plan.warnings()) System.out.println("warning:      " + w);
    }

    private static String currentCmdline() throws IOException {
        return Files.readString(Path.of("/proc/cmdline")).strip();
    }
}
