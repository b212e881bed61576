package lobos.ssh;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import lobos.shell.Access;
import lobos.shell.BootRunner;
import lobos.shell.Interpreter;
import lobos.shell.Loader;
import lobos.shell.ProgramRunners;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * {@code ssh root@node COMMAND}: one boot-shell line ({@code boot LABEL}, {@code list --json},
 * {@code ls sda1:/boot}), its output on the channel and its status as the exit status, under the
 * same restricted-mode rules as the console (no password can be typed here).
 */
final class ExecChannel extends ChannelCommand {
    private final Loader loader;
    private final String command;

    ExecChannel(Loader loader, String command) {
        this.loader = loader;
        this.command = command;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        Thread.ofVirtual().name("ssh-exec").start(() -> {
            int status = 1;
            PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
            try {
                Access access = Access.of(loader.conf());
                BootRunner runner = new BootRunner(loader, writer, new PrintStream(out, true, StandardCharsets.UTF_8),
                        BootRunner.Interrupts.NONE, BootRunner.Gate.untyped(loader, access));
                Interpreter interpreter = new Interpreter(loader, access, writer, runner::boot,
                        ProgramRunners.piped(in, out));
                interpreter.run(command);
                status = interpreter.status();
            } catch (RuntimeException e) {
                writer.println("lobos: internal error: " + e);
            } finally {
                writer.flush();
                exit.onExit(status);
            }
        });
    }

    @Override
    public void destroy(ChannelSession channel) {
        // the line ends by itself; a boot in progress goes on
    }
}
