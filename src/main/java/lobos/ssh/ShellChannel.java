package lobos.ssh;

import java.io.IOException;
import java.util.Map;
import lobos.shell.Loader;
import lobos.shell.Session;
import lobos.shell.Terminfo;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * An interactive SSH session: a JLine terminal over the channel, of the type and size the
 * client's PTY request gave ({@code TERM}, {@code COLUMNS}, {@code LINES}; window changes
 * follow), running a {@link Session}. Without a PTY the terminal is dumb: the numbered menu.
 */
final class ShellChannel extends ChannelCommand {
    private final Loader loader;
    private final String title;
    private Terminal terminal;
    private Thread thread;

    ShellChannel(Loader loader, String title) {
        this.loader = loader;
        this.title = title;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        Map<String, String> vars = env.getEnv();
        String type = vars.getOrDefault(Environment.ENV_TERM, Terminal.TYPE_DUMB);
        Terminfo.install();
        terminal = TerminalBuilder.builder().system(false).name("ssh").type(type).streams(in, out)
                .size(new Size(number(vars.get(Environment.ENV_COLUMNS), 80), number(vars.get(Environment.ENV_LINES), 24)))
                .build();
        env.addSignalListener((ch, signal) -> {
            terminal.setSize(new Size(number(vars.get(Environment.ENV_COLUMNS), 80),
                    number(vars.get(Environment.ENV_LINES), 24)));
            terminal.raise(Terminal.Signal.WINCH);
        }, Signal.WINCH);
        thread = Thread.ofVirtual().name("ssh-session").start(() -> {
            int status = 0;
            try {
                new Session(loader, terminal, title, Session.Place.REMOTE).run();
            } catch (RuntimeException | Error e) {
                status = 1; // the client went away mid-read
            } finally {
                try {
                    terminal.close();
                } catch (IOException e) {
                    // the client is gone
                }
                exit.onExit(status);
            }
        });
    }

    private static int number(String value, int otherwise) {
        try {
            int n = value == null ? 0 : Integer.parseInt(value.strip());
            return n > 0 ? n : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    @Override
    public void destroy(ChannelSession channel) throws IOException {
        if (thread != null) thread.interrupt();
        if (terminal != null) terminal.close();
    }
}
