package lobos.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lobos server}: the manager node, until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run the lobos manager: DHCP or proxyDHCP, TFTP for iPXE, HTTP for the loader, kernels and the node",
            "API, deciding per node what it boots (docs/server.md). Runs until interrupted; the node file is read again",
            "when it changes. Needs root for DHCP (port 67) and TFTP (port 69)."})
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "the node file (default " + ServerFiles.DEFAULT_CONFIG + ")")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        ServerFiles.requireManager();
        PrintStream err = System.err;
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
        Path file = ServerFiles.config(config);
        try (var manager = lobos.server.Manager.start(file, line -> {
            synchronized (err) {
                err.println(LocalTime.now().format(time) + " lobos server: " + line);
            }
        })) {
            // SIGTERM (systemctl stop): close the database and sockets before the JVM exits
            Runtime.getRuntime().addShutdownHook(new Thread(manager::close, "lobos-server-stop"));
            err.println(LocalTime.now().format(time) + " lobos server: serving " + file + " (" + manager.directory().config().nodes().size()
                    + " nodes); stop with Ctrl-C");
            Thread.currentThread().join(); // until the process is interrupted or killed
        }
        return Main.OK;
    }
}
