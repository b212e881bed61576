package lobos.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lobos.tftp.RootDirectory;
import lobos.tftp.TftpServer;
import lobos.tftp.TftpServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lobos tftp serve DIR}: a read-only TFTP server until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the files under DIR read-only over TFTP until interrupted (names are relative to DIR, like in.tftpd -s).")
public final class TftpServeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "directory to serve")
    Path root;

    @Option(names = "--address", paramLabel = "ADDR[:PORT]", description = "where to listen (default ${DEFAULT-VALUE})")
    String address = "0.0.0.0:69";

    @Option(names = "--max-transfers", paramLabel = "N", description = "transfers at once (default ${DEFAULT-VALUE})")
    int maxTransfers = 64;

    @Option(names = "--max-window", paramLabel = "N", description = "largest windowsize granted, 1..1024 (default ${DEFAULT-VALUE})")
    int maxWindow = 64;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        var defaults = TftpServerConfig.on(TftpCommand.address(address));
        var config = new TftpServerConfig(defaults.address(), maxTransfers, defaults.timeout(), defaults.retries(),
                defaults.maxBlockSize(), maxWindow);
        try (var server = TftpServer.start(config, new RootDirectory(root))) {
            var out = spec.commandLine().getOut();
            out.println("serving " + root + " over TFTP on " + server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
            out.flush();
            Thread.currentThread().join(); // until the process is interrupted or killed
        }
        return Main.OK;
    }
}
