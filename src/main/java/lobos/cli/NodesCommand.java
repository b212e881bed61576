package lobos.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import lobos.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lobos nodes}: the manager's node inventory. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = {"List the nodes the lobos manager has seen: MAC, address, where each is in its boot, when it was last",
            "seen, its profile and one-time next boot. Reads the manager's database (the server need not run)."})
public final class NodesCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "the node file (default " + ServerFiles.DEFAULT_CONFIG + ")")
    Path config;

    @Option(names = "--json", description = "Print JSON: every node with its profile and its events in order.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var nodes = ServerFiles.nodes(config);
        PrintWriter out = spec.commandLine().getOut();
        try (var store = lobos.server.store.Store.open(nodes.config().server().database())) {
            var views = lobos.server.http.ManagerApi.views(store, nodes, json ? 1000 : 0);
            if (json) {
                out.print(Json.write(views));
            } else {
                String format = "%-14s %-17s %-15s %-15s %-10s %-12s %s%n";
                out.printf(format, "NODE", "MAC", "IP", "STATE", "SEEN", "PROFILE", "NEXT BOOT");
                Instant now = Instant.now();
                for (var v : views) {
                    var n = v.node();
                    out.printf(format, dash(n.name() != null ? n.name() : n.hostname()), n.mac(), dash(n.ip()), dash(n.state()),
                            n.lastSeen() == null ? "-" : ago(Duration.between(n.lastSeen(), now)), dash(v.profile()), dash(n.nextBoot()));
                }
            }
        }
        out.flush();
        return Main.OK;
    }

    static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** 5s ago, 3m ago, 2h ago, 4d ago. */
    static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) return s + "s ago";
        if (s < 7200) return s / 60 + "m ago";
        if (s < 172800) return s / 3600 + "h ago";
        return s / 86400 + "d ago";
    }
}
