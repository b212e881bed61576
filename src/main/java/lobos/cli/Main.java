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
        versionProvider = Main.Version.class,
        description = "Linux OS Boots OS: find kernels anywhere Linux can reach and boot them with kexec.",
        subcommands = {
            CommandLine.HelpCommand.class,
            BootCommand.class,
            DemoCommand.class,
            DevicesCommand.class,
            InitCommand.class,
            InspectCommand.class,
            ListCommand.class,
            MkimageCommand.class,
            SftpGetCommand.class,
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

    private static int failed(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
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

    /** The version from the jar manifest, "dev" when run from classes. */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lobos " + version() + " (Java " + Runtime.version() + ")"};
        }
    }
}
