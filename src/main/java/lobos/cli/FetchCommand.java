package lobos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import lobos.fetch.Fetcher;
import lobos.fetch.Locator;
import lobos.fetch.Progress;
import lobos.fetch.Progresses;
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
        Path target = dest != null ? dest : Path.of(name(location));
        if (Files.isDirectory(target)) target = target.resolve(name(location));
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Locator locator = paths.locator(name -> partial);
        Path file;
        long start = System.nanoTime();
        double seconds;
        try {
            file = locator.file(parsed, location, maxSize, quiet ? Progress.NONE : Progresses.forConsole(null));
            seconds = (System.nanoTime() - start) / 1e9;
            if (!file.equals(partial)) Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
            // complete files only: a failure leaves no half-written DEST behind
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        long size = Files.size(target);
        String sha = Fetcher.sha256(target);
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

    private static String name(Location location) {
        String text = location instanceof Location.Url u ? u.path() : location.text();
        String n = text.substring(text.lastIndexOf('/') + 1);
        return n.isEmpty() || n.contains(":") ? "download" : n;
    }
}
