package lobos.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import lobos.Json;
import lobos.fetch.Locator;
import lobos.fetch.ReplacingFile;
import lobos.tftp.TftpClient;
import lobos.tftp.TftpClientOptions;
import lobos.tftp.TftpProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lobos tftp get HOST[:PORT] FILE [DEST]}. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Fetch FILE from the TFTP server at HOST (port 69 unless given) into DEST.")
public final class TftpGetCommand implements Callable<Integer> {
    /** What a get reports with --json. */
    record Report(String server, String file, String dest, long bytes, long announcedSize, int blockSize,
                  int windowSize, boolean negotiated, int retransmissions, double seconds, double mibPerSecond) {}

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "server: name, IPv4, IPv6, [IPv6]:PORT")
    String server;

    @Parameters(index = "1", paramLabel = "FILE", description = "file name on the server")
    String file;

    @Parameters(index = "2", arity = "0..1", paramLabel = "DEST", description = "where to write it (default: FILE's last component here)")
    Path dest;

    @Option(names = "--blksize", paramLabel = "N", description = "block size to ask for, 8..65464 (default ${DEFAULT-VALUE})")
    int blockSize = TftpClientOptions.MTU_BLOCK_SIZE;

    @Option(names = "--windowsize", paramLabel = "N", description = "blocks per ACK to ask for, 1..65535 (default ${DEFAULT-VALUE})")
    int windowSize = 8;

    @Option(names = "--no-tsize", negatable = true, description = "do not ask the server for the file size")
    boolean tsize = true;

    @Option(names = "--plain", description = "RFC 1350 only: no options, 512-byte blocks in lock-step")
    boolean plain;

    @Option(names = "--timeout", paramLabel = "MS", description = "retransmission timeout in milliseconds, doubling up to 8x (default ${DEFAULT-VALUE})")
    long timeoutMillis = 1000;

    @Option(names = "--retries", paramLabel = "N", description = "retransmissions in a row before giving up (default ${DEFAULT-VALUE})")
    int retries = 5;

    @Option(names = "--max-size", paramLabel = "BYTES", description = "refuse files larger than this")
    long maxBytes = Long.MAX_VALUE;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var address = TftpCommand.address(server);
        var options = new TftpClientOptions(blockSize, windowSize, tsize, 0, Duration.ofMillis(timeoutMillis), retries, maxBytes);
        if (plain) options = options.withoutOptions();
        String name = Locator.name(file.replace('\\', '/'));
        Path target = dest != null ? dest : Path.of(name);
        if (Files.isDirectory(target)) target = target.resolve(name);
        TftpClient.Result result;
        // complete files only: a failed transfer leaves DEST as it was and no part file behind
        try (ReplacingFile part = ReplacingFile.beside(target)) {
            var out = new BufferedOutputStream(Channels.newOutputStream(part.channel()), 1 << 16);
            result = new TftpClient(options).fetch(address, file, out, TftpProgress.NONE);
            out.flush();
            part.commit();
        }
        double seconds = result.elapsed().toNanos() / 1e9;
        double rate = seconds > 0 ? result.bytes() / seconds / (1 << 20) : 0;
        var out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(new Report(server, file, target.toString(), result.bytes(), result.announcedSize(),
                    result.blockSize(), result.windowSize(), result.negotiated(), result.retransmissions(), seconds, rate)));
        } else {
            out.printf(Locale.ROOT, "%s: %d bytes in %.3f s (%.1f MiB/s), blksize %d, windowsize %d%s%n",
                    target, result.bytes(), seconds, rate, result.blockSize(), result.windowSize(),
                    result.retransmissions() > 0 ? ", " + result.retransmissions() + " retransmissions" : "");
        }
        out.flush();
        return Main.OK;
    }
}
