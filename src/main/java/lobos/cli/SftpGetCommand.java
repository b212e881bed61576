package lobos.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import lobos.fetch.FetchOptions;
import lobos.fetch.Fetcher;
import lobos.fetch.Progress;
import lobos.fetch.SftpFetcher;
import lobos.path.Location;
import lobos.path.ParsedPath;
import lobos.path.PathParser;
import lobos.path.PathResolver;
import lobos.path.Scheme;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lobos sftp-get URL DEST}: SFTP on its own, for development and {@code bench/sftp.sh}
 * until {@code lobos fetch} takes every protocol; hidden from the command list.
 */
@Command(name = "sftp-get", hidden = true, mixinStandardHelpOptions = true,
        description = "Fetch an sftp:// URL into DEST (a development command; lobos fetch does every protocol).")
public final class SftpGetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "sftp://[user[:password]@]host[:port]/path[#sha256=HEX]")
    String url;

    @Parameters(index = "1", paramLabel = "DEST", description = "where to write the file")
    Path dest;

    @Option(names = "--ssh-dir", paramLabel = "DIR",
            description = "keys (id_ed25519, id_ecdsa, id_rsa) and known_hosts (default: ${DEFAULT-VALUE})")
    Path sshDir = Path.of("/etc/lobos");

    @Option(names = "--insecure", description = "accept any host key (prints a warning)")
    boolean insecure;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "without progress (default: ${DEFAULT-VALUE})")
    long timeoutSeconds = FetchOptions.DEFAULTS.timeout().toSeconds();

    @Option(names = "--retries", paramLabel = "N", description = "for transient failures (default: ${DEFAULT-VALUE})")
    int retries = FetchOptions.DEFAULTS.retries();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ParsedPath parsed = PathParser.parse(url);
        if (!(new PathResolver(PathResolver.Context.EMPTY).resolve(parsed) instanceof Location.Url u)
                || u.scheme() != Scheme.SFTP) {
            throw new CommandLine.ParameterException(spec.commandLine(), url + " is not an sftp:// URL");
        }
        var options = new FetchOptions(Duration.ofSeconds(timeoutSeconds), retries, insecure, null, sshDir);
        long start = System.nanoTime();
        new Fetcher(List.of(new SftpFetcher()), options)
                .download(u, parsed.sha256(), dest, Long.MAX_VALUE, Progress.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = java.nio.file.Files.size(dest);
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %d bytes in %.3f s (%.1f MiB/s)%n", dest, bytes, seconds,
                seconds > 0 ? bytes / seconds / (1 << 20) : 0);
        out.flush();
        return Main.OK;
    }
}
