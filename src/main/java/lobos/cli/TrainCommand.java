package lobos.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The image builder's training run: walks the code paths the loader takes at boot, without
 * touching the kernel, so the startup cache holds the classes they need.
 */
@Command(name = "train", hidden = true, mixinStandardHelpOptions = true,
        description = "Exercise lobos's boot paths for the startup cache (used by mkimage).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--kernel", required = true, description = "a kernel image to inspect and plan")
    Path kernel;

    @Option(names = "--config", required = true, description = "the image's config directory")
    Path config;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        var stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("help\nlist\n".getBytes()));
            Main.run("--help");
            Main.run("inspect", kernel.toString());
            Main.run("boot", "--dry-run", kernel.toString(), "--append", "console=ttyS0 quiet");
            Main.run("init", "--dry-run", "--etc", config.toString());
        } finally {
            System.setIn(stdin);
            System.setOut(out);
        }
        return Main.OK;
    }
}
