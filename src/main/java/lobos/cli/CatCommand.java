package lobos.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lobos.fetch.Progress;
import lobos.path.ParsedPath;
import lobos.path.PathParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cat", mixinStandardHelpOptions = true, footerHeading = "%n", footer = PathOptions.PATHS_HELP,
        description = "Print a file from anywhere lobos reaches (cat sda1:/etc/fstab, cat http://host/boot.ipxe).")
final class CatCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "the file")
    String path;

    @Option(names = "--max-size", paramLabel = "BYTES", description = "refuse anything larger (default: 64 MiB)")
    long maxSize = 64L << 20;

    @Mixin
    PathOptions paths;

    @Override
    public Integer call() throws IOException {
        ParsedPath parsed = PathParser.parse(path);
        Path tmp = Files.createTempFile("lobos-cat", "");
        try {
            Path file = paths.locator(name -> tmp).file(parsed, PathOptions.resolve(parsed), maxSize, Progress.NONE);
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(System.out);
            }
            System.out.flush();
        } finally {
            Files.deleteIfExists(tmp);
        }
        return Main.OK;
    }
}
