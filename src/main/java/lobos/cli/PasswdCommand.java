package lobos.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import lobos.LobosException;
import lobos.shell.ShaCrypt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lobos passwd}: the SHA-512 crypt hash for kboot.conf's {@code password=}. */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = {"Print the SHA-512 crypt hash of a password ($6$salt$..., as in /etc/shadow) for kboot.conf's",
            "password= setting, which unlocks the shell and editing in restricted mode.",
            "The password is read twice from the terminal without echo, or once from standard input with --stdin."},
        footerHeading = "%n", footer = "Example: echo \"password='$(lobos passwd)'\" >> config/kboot.conf")
final class PasswdCommand implements Callable<Integer> {
    @Option(names = "--stdin", description = "read the password from the first line of standard input")
    boolean stdin;

    @Option(names = "--rounds", paramLabel = "N", description = "SHA-crypt rounds, 1000 to " + ShaCrypt.MAX_CHECKED_ROUNDS
            + " (default: 5000, written into the hash only when changed)")
    int rounds = ShaCrypt.DEFAULT_ROUNDS;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (rounds < 1000 || rounds > ShaCrypt.MAX_CHECKED_ROUNDS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--rounds must be between 1000 and " + ShaCrypt.MAX_CHECKED_ROUNDS);
        }
        String password = stdin ? fromStdin() : fromTerminal();
        if (password.isEmpty()) throw new LobosException("empty password", "give one; an empty password protects nothing");
        PrintWriter out = spec.commandLine().getOut();
        out.println(ShaCrypt.hash(password, rounds));
        out.flush();
        return Main.OK;
    }

    private static String fromStdin() throws IOException {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) throw new LobosException("no password on standard input", "echo 'secret' | lobos passwd --stdin");
        return line;
    }

    private static String fromTerminal() {
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            throw new LobosException("no terminal to read the password from", "use --stdin to read it from standard input");
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Again: ");
        try {
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new LobosException("the two passwords differ", "run lobos passwd again");
            }
            return new String(first);
        } finally {
            if (first != null) Arrays.fill(first, '\0');
            if (second != null) Arrays.fill(second, '\0');
        }
    }
}
