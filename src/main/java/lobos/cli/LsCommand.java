package lobos.cli;

import lobos.Json;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import lobos.path.PathParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", mixinStandardHelpOptions = true, footerHeading = "%n", footer = PathOptions.PATHS_HELP,
        description = "List a directory anywhere lobos reaches: a disk (sda1:/boot), NFS, FTP, SFTP, an HTTP index.")
final class LsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "the directory")
    String path;

    @Option(names = "--json", description = "print the names as a JSON list")
    boolean json;

    @Mixin
    PathOptions paths;

    @Override
    public Integer call() throws IOException {
        List<String> names = paths.locator(name -> {
            throw new IOException("ls downloads nothing");
        }).list(PathOptions.resolve(PathParser.parse(path)));
        if (json) System.out.print(Json.write(names));
        else names.forEach(System.out::println);
        return Main.OK;
    }
}
