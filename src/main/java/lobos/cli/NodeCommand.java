package lobos.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import lobos.Json;
import lobos.LobosException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lobos node show|next-boot}: one node of the manager's inventory. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Show one node of the lobos manager, or choose what it boots next time.",
        subcommands = {NodeCommand.Show.class, NodeCommand.NextBoot.class})
public final class NodeCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say show or next-boot");
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "A node's inventory, its profile, the timeline of its boot events and its last console log.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "NODE", description = "its name, MAC, UUID or address")
        String node;

        @Option(names = "--config", paramLabel = "FILE", description = "the node file (default " + ServerFiles.DEFAULT_CONFIG + ")")
        Path config;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var nodes = ServerFiles.nodes(config);
            PrintWriter out = spec.commandLine().getOut();
            try (var store = lobos.server.store.Store.open(nodes.config().server().database())) {
                var n = store.node(node).orElseThrow(() -> new LobosException("the manager has not seen " + node,
                        "lobos nodes lists the nodes it has seen"));
                var events = store.events(n.mac(), 10_000);
                var log = store.consoleLog(n.mac()).orElse(null);
                String profile = nodes.match(n.mac(), n.uuid(), n.hostname()).profile();
                if (json) {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("node", n);
                    view.put("profile", profile);
                    view.put("events", events);
                    view.put("consoleLog", log);
                    out.print(Json.write(view));
                } else {
                    out.println((n.name() != null ? n.name() + " " : "") + n.mac() + (n.ip() == null ? "" : " " + n.ip())
                            + (n.uuid() == null ? "" : " uuid " + n.uuid()));
                    out.println("  state " + NodesCommand.dash(n.state()) + ", last seen " + NodesCommand.dash(String.valueOf(n.lastSeen()))
                            + (n.version() == null ? "" : ", lobos " + n.version()) + (n.arch() == null ? "" : " " + n.arch()));
                    out.println("  profile " + NodesCommand.dash(profile) + (n.nextBoot() == null ? "" : ", next boot " + n.nextBoot()));
                    out.println("events:");
                    for (var e : events) {
                        out.println("  " + e.at() + " " + e.source() + " " + e.type() + (e.detail() == null || e.detail().isEmpty() ? ""
                                : " " + e.detail()));
                    }
                    if (log != null) {
                        out.println("console log (" + log.at() + "):");
                        for (String line : log.text().split("\n", -1)) out.println("  " + line);
                    }
                }
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "next-boot", mixinStandardHelpOptions = true,
            description = {"Boot PROFILE the next time NODE asks (once; then its own profile again).",
                "--clear takes a pending choice back."})
    static final class NextBoot implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NODE", description = "its name, MAC, UUID or address")
        String node;

        @Parameters(index = "1", paramLabel = "PROFILE", arity = "0..1", description = "a profile of the node file")
        String profile;

        @Option(names = "--clear", description = "forget the pending next boot")
        boolean clear;

        @Option(names = "--config", paramLabel = "FILE", description = "the node file (default " + ServerFiles.DEFAULT_CONFIG + ")")
        Path config;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (clear == (profile != null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give a PROFILE, or --clear");
            }
            var nodes = ServerFiles.nodes(config);
            if (profile != null && !nodes.config().profiles().containsKey(profile)) {
                throw new LobosException("no profile " + profile + " in " + nodes.config().file(),
                        "the profiles are: " + String.join(", ", new java.util.TreeSet<>(nodes.config().profiles().keySet())));
            }
            try (var store = lobos.server.store.Store.open(nodes.config().server().database())) {
                // no lambda here: its method would name lobos.server types, which the boot image does not have
                String mac = lobos.server.http.ManagerApi.resolveMac(store, nodes, node);
                if (mac == null) {
                    throw new LobosException("no node " + node + " in the inventory or the node file", "name it by name, MAC, UUID or address");
                }
                store.nextBoot(mac, profile);
                PrintWriter out = spec.commandLine().getOut();
                out.println(profile == null ? node + " (" + mac + "): next boot cleared" : node + " (" + mac + ") boots " + profile
                        + " next time, once");
                out.flush();
            }
            return Main.OK;
        }
    }
}
