package lobos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lobos.LobosException;
import lobos.kexec.SurvivingLog;
import lobos.linux.Kernel;
import lobos.linux.KernelException;
import lobos.linux.LinuxKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"Print the log the boot loader left: its kernel's messages and lobos's own, kept across the"
                + " kexec by pstore/ramoops (docs/boot.md says what the booted system needs).",
                "Reads /sys/fs/pstore (mounting pstore there if needed) and /var/lib/systemd/pstore, where"
                        + " systemd-pstore moves the files."},
        footer = {"", "Exit status: 0 printed, 1 no log from the previous boot was found, 2 bad usage."})
final class LogCommand implements Callable<Integer> {
    @Option(names = "--previous", required = true, description = "the previous boot's log (the loader session)")
    boolean previous;

    @Option(names = "--root", paramLabel = "DIR", hidden = true, description = "read below DIR instead of / (tests)")
    Path root = Path.of("/");

    @Override
    public Integer call() throws IOException {
        SurvivingLog log = new SurvivingLog(root);
        List<Path> files = log.previous();
        if (files.isEmpty() && root.equals(Path.of("/"))) {
            mountPstore(new LinuxKernel());
            files = log.previous();
        }
        if (files.isEmpty()) {
            throw new LobosException("no log from the previous boot in " + root.resolve("sys/fs/pstore") + " or "
                    + root.resolve("var/lib/systemd/pstore"), "the loader keeps its log only when it runs ramoops, and"
                            + " this system must load ramoops (modprobe ramoops) with the parameters lobos put on its"
                            + " command line; see docs/boot.md");
        }
        for (Path f : files) {
            System.out.println("== " + f + " ==");
            System.out.print(Files.readString(f).replace("\0", ""));
            System.out.println();
        }
        return Main.OK;
    }

    /** pstore is mounted by systemd; elsewhere lobos mounts it (read-only is enough). */
    private static void mountPstore(Kernel kernel) {
        try {
            kernel.mount("pstore", Path.of("/sys/fs/pstore"), "pstore", Kernel.MS_RDONLY, null);
        } catch (KernelException e) {
            // already mounted (EBUSY), or no pstore in this kernel: the caller reports what it finds
        }
    }
}
