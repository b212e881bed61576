package lobos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lobos.LobosException;
import lobos.config.Volume;
import lobos.init.Init;
import lobos.linux.Kernel;
import lobos.linux.LinuxKernel;
import lobos.linux.RecordingKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Run as the boot loader's PID 1: load modules, build the menu (/etc/kboot.conf, then the configs on"
                + " every disk), show it on the console with the boot shell (docs/shell.md), boot the default when"
                + " its countdown ends.",
                "The boot image's /init starts it. --dry-run tries the same flow on any machine, with the numbered"
                        + " menu on standard input and output: kernel calls are printed, not made."})
final class InitCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--etc", paramLabel = "DIR", description = "where kboot.conf and lobos/modules are (default: ${DEFAULT-VALUE})")
    Path etc = Path.of("/etc");

    @Option(names = "--dry-run", description = "record kernel calls instead of making them, show the numbered menu on"
            + " standard input and output, and return when input ends; no disks are probed, no network or SSH")
    boolean dryRun;

    @Option(names = "--volume", paramLabel = "DIR", description = "with --dry-run: a directory to discover boot configs"
            + " in, as if it were a disk (repeat for several)")
    List<Path> volumes = new ArrayList<>();

    /**
     * {@code lobos init} with no options as PID 1, without picocli (see {@link Main#main}); a
     * failure is reported as the command line would report it.
     */
    static int runAsPid1() {
        try {
            return new InitCommand().call();
        } catch (Exception e) {
            return Main.failed(e, Main.commandLine(), null);
        }
    }

    @Override
    public Integer call() throws Exception {
        boolean pid1 = ProcessHandle.current().pid() == 1;
        if (!volumes.isEmpty() && !dryRun) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--volume needs --dry-run");
        }
        if (!pid1 && !dryRun) {
            throw new LobosException("lobos init runs as PID 1 in the boot image",
                    "to try the boot flow here, use lobos init --dry-run --etc DIR");
        }
        RecordingKernel recorder = dryRun ? new RecordingKernel(Files.createTempDirectory("lobos-init")) : null;
        Kernel kernel = dryRun ? recorder : new LinuxKernel();
        try {
            Init.Machine machine = dryRun
                    ? Init.Machine.of("", volumes.stream().map(v -> Volume.of(v.toAbsolutePath())).toList())
                    : Init.Machine.real();
            // the console: only the menu and the shell read it (through JLine)
            Init.Console console = dryRun ? Init.Console.streams(System.in, System.out) : Init.Console.system();
            new Init(kernel, etc, lobos.kexec.SessionLog.tee(System.out), console, machine, dryRun).run();
        } catch (RecordingKernel.Rebooted r) {
            System.out.println("(dry run: the machine would " + r.getMessage() + " here)");
        }
        if (recorder != null) {
            System.out.println("kernel calls that were not made:");
            recorder.calls.forEach(c -> System.out.println("  " + c));
        }
        return Main.OK;
    }
}
