package lobos.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import lobos.fetch.FetchOptions;
import lobos.fetch.Fetcher;
import lobos.fetch.FtpFetcher;
import lobos.fetch.HttpFetcher;
import lobos.fetch.Progress;
import lobos.fetch.Progresses;
import lobos.path.Location;
import lobos.path.ParsedPath;
import lobos.path.PathParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lobos fetch-url URL DEST}: a hidden development command for the HTTP(S) and FTP
 * fetchers, used by bench/http.sh and the network namespace test until {@code lobos fetch}
 * (any path) replaces it.
 */
@Command(name = "fetch-url", hidden = true, mixinStandardHelpOptions = true,
        description = "Fetch an http://, https:// or ftp:// URL into DEST (development command).")
public final class FetchUrlCommand implements Callable<Integer> {
    /** What a fetch reports with --json; seconds include the check for a .sha256 file beside it. */
    record Report(String url, String dest, long bytes, double seconds, double mibPerSecond) {}

    @Parameters(index = "0", paramLabel = "URL", description = "the URL, optionally with #sha256=HEX")
    String url;

    @Parameters(index = "1", paramLabel = "DEST", description = "the file to write")
    Path dest;

    @Option(names = "--insecure", description = "do not check HTTPS certificates")
    boolean insecure;

    @Option(names = "--ca-bundle", paramLabel = "PEM", description = "trusted CA certificates (default: the JDK's)")
    Path caBundle;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "give up on a silent server after this long (default ${DEFAULT-VALUE})")
    long timeoutSeconds = 30;

    @Option(names = "--retries", paramLabel = "N", description = "tries again after a transient failure (default ${DEFAULT-VALUE})")
    int retries = 4;

    @Option(names = "--max-size", paramLabel = "BYTES", description = "refuse files larger than this")
    long maxBytes = Long.MAX_VALUE;

    @Option(names = "--quiet", description = "no progress output")
    boolean quiet;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ParsedPath parsed = PathParser.parse(url);
        if (!(parsed.readings().getFirst() instanceof Location.Url location)) {
            throw new CommandLine.ParameterException(spec.commandLine(), url + " is no URL");
        }
        var options = new FetchOptions(Duration.ofSeconds(timeoutSeconds), retries, insecure, caBundle, null);
        var fetcher = new Fetcher(List.of(new HttpFetcher(), new FtpFetcher()), options);
        long start = System.nanoTime();
        fetcher.download(location, parsed.sha256(), dest, maxBytes, quiet ? Progress.NONE : Progresses.forConsole(null));
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = java.nio.file.Files.size(dest);
        double rate = seconds > 0 ? bytes / seconds / (1 << 20) : 0;
        var out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(new Report(location.redacted(), dest.toString(), bytes, seconds, rate)));
        } else {
            out.printf(Locale.ROOT, "%s: %d bytes in %.3f s (%.1f MiB/s)%n", dest, bytes, seconds, rate);
        }
        out.flush();
        return Main.OK;
    }
}
