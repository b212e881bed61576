package lobos.cli;

import java.io.PrintWriter;
import lobos.LobosException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lobos} command. Exit codes: 0 success, 1 the operation failed (the message says
 * why), 2 the command line was wrong.
 */
@Command(
        name = "lobos",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Linux OS Boots OS: find kernels anywhere Linux can reach and boot them with kexec.",
        subcommands = {
            CommandLine.HelpCommand.class,
            BootCommand.class,
            CatCommand.class,
            DemoCommand.class,
            DevicesCommand.class,
            DhcpCommand.class,
            FetchCommand.class,
            FirmwareCommand.class,
            InitCommand.class,
            InspectCommand.class,
            InstallReturnCommand.class,
            ListCommand.class,
            LogCommand.class,
            LsCommand.class,
            MkimageCommand.class,
            NetCommand.class,
            NetbootCommand.class,
            NodeCommand.class,
            NodesCommand.class,
            PasswdCommand.class,
            ServerCommand.class,
            TftpCommand.class,
            TrainCommand.class,
        })
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // PID 1 in the boot image: straight to init. Building the command line first (the models
        // of every subcommand, through reflection) cost 2-3 s of the boot under QEMU's TCG with
        // -Xint (docs/performance.md); init's own options are for the dry run only.
        if (args.length == 1 && args[0].equals("init") && ProcessHandle.current().pid() == 1) {
            System.exit(InitCommand.runAsPid1());
        }
        System.exit(run(args));
    }

    /** Runs the CLI with the given arguments and returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::failed);
        cl.setExitCodeExceptionMapper(ex -> ex instanceof CommandLine.ParameterException ? USAGE : FAILED);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static int failed(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof CommandLine.ParameterException pe) {
            // A command found its arguments wrong only once it ran (combinations picocli cannot express).
            err.println("Error: " + pe.getMessage());
            pe.getCommandLine().usage(err);
            err.flush();
            return USAGE;
        }
        if (ex instanceof LobosException le) {
            err.println("lobos: " + le.getMessage());
            if (le.hint() != null) err.println("  " + le.hint());
        } else if (ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException) {
            err.println("lobos: " + ex.getMessage());
        } else {
            err.println("lobos: internal error, please report it with this trace:");
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lobos " + lobos.Version.current() + " (Java " + Runtime.version() + ")"};
        }
    }
}
