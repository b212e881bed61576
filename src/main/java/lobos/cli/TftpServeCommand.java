package lobos.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
    int maxTransfers = TftpServerConfig.DEFAULT_MAX_TRANSFERS;

    @Option(names = "--max-per-client", paramLabel = "N", description = "transfers at once from one client address (default ${DEFAULT-VALUE})")
    int maxPerClient = TftpServerConfig.DEFAULT_MAX_PER_CLIENT;

    @Option(names = "--max-window", paramLabel = "N", description = "largest windowsize granted, 1..1024 (default ${DEFAULT-VALUE})")
    int maxWindow = 64;

    @Option(names = "--max-timeout", paramLabel = "SECONDS", description = "largest timeout option granted; clients asking more get the server's 1 s (default ${DEFAULT-VALUE})")
    long maxTimeoutSeconds = TftpServerConfig.DEFAULT_MAX_TIMEOUT.toSeconds();

    @Option(names = "--max-transfer-time", paramLabel = "SECONDS", description = "end a transfer still running after this long (default ${DEFAULT-VALUE})")
    long maxTransferSeconds = TftpServerConfig.DEFAULT_MAX_TRANSFER_TIME.toSeconds();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        var config = TftpServerConfig.on(TftpCommand.address(address)).withMaxTransfers(maxTransfers)
                .withMaxPerClient(maxPerClient).withMaxWindowSize(maxWindow)
                .withMaxTimeout(Duration.ofSeconds(maxTimeoutSeconds)).withMaxTransferTime(Duration.ofSeconds(maxTransferSeconds));
        try (var server = TftpServer.start(config, new RootDirectory(root))) {
            var out = spec.commandLine().getOut();
            out.println("serving " + root + " over TFTP on " + server.address().getAddress().getHostAddress() + ":" + server.address().getPort());
            out.flush();
            Thread.currentThread().join(); // until the process is interrupted or killed
        }
        return Main.OK;
    }
}
