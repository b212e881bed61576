package lobos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lobos.fetch.Locator;
import lobos.fetch.Progress;
import lobos.kexec.BootPlan;
import lobos.kexec.CommandLines;
import lobos.kexec.Handoff;
import lobos.kexec.KernelLookup;
import lobos.kexec.Kexec;
import lobos.kexec.Planner;
import lobos.linux.Arch;
import lobos.linux.Kernel;
import lobos.linux.LinuxKernel;
import lobos.linux.Memory;
import lobos.path.ParsedPath;
import lobos.path.PathParser;
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
            execute(new LinuxKernel());
            return Main.OK;
        }
        if (line.commandLine != null && reuse) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--command-line gives the whole command line; it cannot be combined with --reuse-cmdline");
        }
        Kernel k = new LinuxKernel();
        Locator locator = paths.locator(k, k::memoryFile);
        KernelLookup.Found found = generalized(kernel)
                ? new KernelLookup.Found(file(locator, kernel), null)
                : new KernelLookup(Path.of("/")).find(kernel);
        List<Path> initrdFiles = new ArrayList<>();
        for (String i : initrds) initrdFiles.add(generalized(i) ? file(locator, i) : Path.of(i).toAbsolutePath());
        if (initrdFiles.isEmpty() && found.initrd() != null) initrdFiles.add(found.initrd());
        String cmdline = line.commandLine != null ? line.commandLine
                : CommandLines.append(reuse ? CommandLines.reuse(currentCmdline()) : "", line.append);
        BootPlan plan = new Planner(Arch.current()).plan(found.kernel(), initrdFiles, cmdline);
        print(plan);
        if (dryRun) return Main.OK;
        new Kexec(k, System.out::println).load(plan);
        if (!start) {
            System.out.println("loaded; start it with: lobos boot --exec   (or: systemctl kexec)");
            return Main.OK;
        }
        execute(k);
        return Main.OK;
    }

    /** Paths with a ':' (URLs, device and NFS paths) go through the locator; others are files or names. */
    private static boolean generalized(String text) {
        return text.contains(":");
    }

    private static Path file(Locator locator, String text) throws IOException {
        ParsedPath parsed = PathParser.parse(text);
        return locator.file(parsed, PathOptions.resolve(parsed), Memory.available(Long.MAX_VALUE) / 2, Progress.NONE);
    }

    private void execute(Kernel k) throws IOException, InterruptedException {
        Handoff handoff = mode.force ? Handoff.DIRECT : Handoff.detect();
        new Kexec(k, System.out::println).execute(handoff);
    }

    private void print(BootPlan plan) {
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("kernel", plan.kernel().toString());
            out.put("description", plan.description());
            out.put("initrds", plan.initrds().stream().map(Path::toString).toList());
            out.put("cmdline", plan.cmdline());
            out.put("warnings", plan.warnings());
            System.out.print(Json.write(out));
            return;
        }
        System.out.println("kernel:       " + plan.kernel() + " (" + plan.description() + ")");
        for (Path i : plan.initrds()) System.out.println("initrd:       " + i);
        System.out.println("command line: " + (plan.cmdline().isEmpty() ? "(empty)" : plan.cmdline()));
        for (String w : plan.warnings()) System.out.println("warning:      " + w);
    }

    private static String currentCmdline() throws IOException {
        return Files.readString(Path.of("/proc/cmdline")).strip();
    }
}
