package lobos.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import lobos.tftp.TftpException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code lobos tftp get|serve}: TFTP on its own, for trying a server from the boot shell,
 * for benchmarks, and for tests that run a transfer inside a network namespace. The general
 * {@code lobos fetch} reaches TFTP through {@code tftp://} paths.
 */
@Command(
        name = "tftp",
        mixinStandardHelpOptions = true,
        description = "Fetch a file from a TFTP server, or serve a directory over TFTP.",
        subcommands = {TftpGetCommand.class, TftpServeCommand.class})
public final class TftpCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say get or serve");
    }

    /** HOST, HOST:PORT, [IPv6]:PORT or a bare IPv6 address; the port defaults to 69. */
    static InetSocketAddress address(String text) {
        String host = text;
        int port = 69;
        int colon = text.lastIndexOf(':');
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) throw new TftpException("bad address " + text + ": no closing ]", "write [IPv6]:PORT");
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') throw new TftpException("bad address " + text, "write [IPv6]:PORT");
                port = port(text, text.substring(close + 2));
            }
        } else if (colon >= 0 && text.indexOf(':') == colon) {
            host = text.substring(0, colon);
            port = port(text, text.substring(colon + 1));
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new TftpException("cannot resolve host " + host, "check the name, or give an IP address", e);
        }
    }

    private static int port(String text, String digits) {
        if (!digits.matches("[0-9]{1,5}") || Integer.parseInt(digits) > 65535) {
            throw new TftpException("bad port in " + text, "give a port from 0 to 65535");
        }
        return Integer.parseInt(digits);
    }
}
