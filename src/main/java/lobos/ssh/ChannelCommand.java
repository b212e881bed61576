package lobos.ssh;

import java.io.InputStream;
import java.io.OutputStream;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.command.Command;

/**
 * What MINA hands a channel's command before it starts: its streams and where to report its
 * exit status. The error stream is not kept: the loader writes everything, errors included,
 * as lines of the output, as on the console.
 */
abstract class ChannelCommand implements Command {
    protected InputStream in;
    protected OutputStream out;
    protected ExitCallback exit;

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // see the class comment
    }
}
