package lobos.cli;

import lobos.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import lobos.fetch.Fetcher;
import lobos.fetch.Locator;
import lobos.fetch.Progress;
import lobos.fetch.Progresses;
import lobos.fetch.ReplacingFile;
import lobos.path.Location;
import lobos.path.ParsedPath;
import lobos.path.PathParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Copy a file from anywhere lobos reaches (disk, NFS, HTTP(S), FTP, TFTP, SFTP) to a local file.",
        footerHeading = "%n", footer = {PathOptions.PATHS_HELP,
                "Example: lobos fetch http://192.0.2.1/vmlinuz /tmp/vmlinuz"})
final class FetchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "what to fetch")
    String path;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DEST", description = "where to put it (default: its name, here)")
    Path dest;

    @Option(names = "--max-size", paramLabel = "BYTES", description = "refuse anything larger (default: 4 GiB)")
    long maxSize = 4L << 30;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Option(names = "--quiet", description = "no progress output")
    boolean quiet;

    @Mixin
    PathOptions paths;

    @Override
    public Integer call() throws IOException {
        ParsedPath parsed = PathParser.parse(path);
        Location location = PathOptions.resolve(parsed);
        Path target = dest != null ? dest : Path.of(Locator.fileName(location));
        if (Files.isDirectory(target)) target = target.resolve(Locator.fileName(location));
        Locator locator = paths.locator(name -> {
            throw new IllegalStateException("lobos fetch copies into its own part file");
        });
        long size;
        String sha;
        double seconds;
        // complete files only: a failure leaves DEST as it was and no part file behind
        try (ReplacingFile part = ReplacingFile.beside(target)) {
            long start = System.nanoTime();
            locator.copy(parsed, location, part.channel(), maxSize, quiet ? Progress.NONE : Progresses.forConsole(null));
            seconds = (System.nanoTime() - start) / 1e9;
            size = part.channel().size();
            sha = Fetcher.sha256(part.channel());
            part.commit();
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("source", location instanceof Location.Url u ? u.redacted() : location.text());
            out.put("file", target.toString());
            out.put("bytes", size);
            out.put("sha256", sha);
            out.put("seconds", Math.round(seconds * 1000) / 1000.0);
            System.out.print(Json.write(out));
        } else {
            System.out.println(target + "  " + size + " bytes  sha256 " + sha);
        }
        return Main.OK;
    }
}
