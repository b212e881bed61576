package lobos.init;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lobos.Version;
import lobos.net.Dhcp;
import lobos.netboot.NetworkTasks;
import lobos.shell.Loader;

/**
 * The shell's network commands ({@link Loader#commands()}): {@code net}, {@code dhcp} and
 * {@code netboot}, which do and print what {@code lobos net}, {@code lobos dhcp} and
 * {@code lobos netboot} do ({@link NetworkTasks}), on the shell's terminal (docs/netboot.md).
 */
public final class NetworkCommands {
    /** How long the shell's dhcp and netboot wait for a lease. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private NetworkCommands() {}

    /**
     * @param etc     where resolv.conf and hosts go ("/etc")
     * @param onNetwork run after dhcp or netboot may have brought the network up (init starts
     *                  SSH then; listening with no address yet does no harm)
     */
    public static Map<String, Loader.Command> forShell(Path etc, Runnable onNetwork) {
        Map<String, Loader.Command> out = new LinkedHashMap<>();
        out.put("net", command("net [--json]            interfaces, addresses and routes", 0, (iface, json, w) -> {
            NetworkTasks.net(json, w);
            return 0;
        }));
        out.put("dhcp", command("dhcp [IFACE] [--json]    get a lease with lobos's DHCP client and configure it", 1,
                (iface, json, w) -> {
                    NetworkTasks.dhcp(iface, settings(false), true, etc, json, w, log(w)).close();
                    onNetwork.run();
                    return 0;
                }));
        out.put("netboot", command("netboot [IFACE] [--json] DHCP, then what the network says to boot", 1,
                (iface, json, w) -> {
                    boolean booted = NetworkTasks.netboot(iface, null, settings(true),
                            lobos.netboot.Dhcp6Boot.DEFAULT_TIMEOUT, false, etc, json, w, log(w));
                    onNetwork.run();
                    return booted ? 0 : 1;
                }));
        return out;
    }

    private interface Task {
        int run(String iface, boolean json, PrintWriter out) throws java.io.IOException, InterruptedException;
    }

    /** A command taking {@code --json}, {@code --help} and at most {@code names} interface names. */
    private static Loader.Command command(String help, int names, Task task) {
        return new Loader.Command() {
            @Override
            public String help() {
                return help;
            }

            @Override
            public int run(List<String> args, PrintWriter out) throws java.io.IOException, InterruptedException {
                boolean json = false;
                List<String> ifaces = new ArrayList<>();
                for (String a : args) {
                    switch (a) {
                        case "--json" -> json = true;
                        case "--help", "-h" -> {
                            out.println("usage: " + help);
                            return 0;
                        }
                        default -> {
                            if (a.startsWith("-")) return usage(out, "unknown option " + a);
                            ifaces.add(a);
                        }
                    }
                }
                if (ifaces.size() > names) return usage(out, "too many arguments");
                try {
                    return task.run(ifaces.isEmpty() ? null : ifaces.getFirst(), json, out);
                } catch (lobos.LobosException e) {
                    out.println("lobos: " + e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
                    return 1;
                }
            }

            private int usage(PrintWriter out, String why) {
                out.println("lobos: " + why + "; usage: " + help);
                return 2;
            }
        };
    }

    private static Dhcp.Settings settings(boolean pxe) {
        return new Dhcp.Settings(TIMEOUT, Duration.ofSeconds(5), pxe, null, Version.current());
    }

    private static java.util.function.Consumer<String> log(PrintWriter out) {
        return line -> {
            out.println("lobos: " + line);
            out.flush();
        };
    }
}
