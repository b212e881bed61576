package lobos.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lobos.LobosException;
import lobos.init.Init;
import lobos.linux.Kernel;
import lobos.linux.LinuxKernel;
import lobos.linux.RecordingKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Run as the boot loader's PID 1: load modules, read /etc/kboot.conf, boot the default.",
                "The boot image's /init starts it. --dry-run tries the same flow on any machine: kernel calls are"
                        + " printed, not made."})
final class InitCommand implements Callable<Integer> {
    @Option(names = "--etc", paramLabel = "DIR", description = "where kboot.conf and lobos/modules are (default: ${DEFAULT-VALUE})")
    Path etc = Path.of("/etc");

    @Option(names = "--dry-run", description = "record kernel calls instead of making them, do not wait for input,"
            + " and return when input ends")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        boolean pid1 = ProcessHandle.current().pid() == 1;
        if (!pid1 && !dryRun) {
            throw new LobosException("lobos init runs as PID 1 in the boot image",
                    "to try the boot flow here, use lobos init --dry-run --etc DIR");
        }
        RecordingKernel recorder = dryRun ? new RecordingKernel(Files.createTempDirectory("lobos-init")) : null;
        Kernel kernel = dryRun ? recorder : new LinuxKernel();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        try {
            new Init(kernel, etc, System.out, in, () -> System.in.available() > 0, dryRun).run();
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
