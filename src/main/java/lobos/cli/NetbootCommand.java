package lobos.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import lobos.net.Dhcp;
import lobos.netboot.Dhcp6Boot;
import lobos.netboot.NetworkTasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lobos netboot}: DHCP as a PXE client, then what the network says to boot, as a menu. */
@Command(name = "netboot", mixinStandardHelpOptions = true,
        description = {"Get a lease as a PXE client on IFACE (or every Ethernet interface), configure it, then ask the",
            "network what to boot: the lobos manager, pxelinux.cfg, an iPXE script or a kernel named as boot file;",
            "with no lease or nothing named, DHCPv6 and the boot file URL it names (RFC 5970).",
            "Prints the menu that results (the loader boots it; see docs/netboot.md). Exit 1 when nothing is found."})
public final class NetbootCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IFACE", arity = "0..1", description = "The interface (default: all).")
    String iface;

    @Option(names = "--server", paramLabel = "URL", description = "The lobos manager's URL (as lobos.server= on the kernel command line).")
    String server;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "DHCP gives up after this long (default ${DEFAULT-VALUE}).")
    long timeout = 30;

    @Option(names = "--timeout6", paramLabel = "SECONDS",
            description = "When DHCP gets no lease or names nothing to boot, DHCPv6 tries this long (default ${DEFAULT-VALUE}; 0: not at all).")
    long timeout6 = Dhcp6Boot.DEFAULT_TIMEOUT.toSeconds();

    @Option(names = {"-6", "--ipv6"}, description = "Ask DHCPv6 only (for --timeout seconds) and boot the URL it names.")
    boolean ipv6;

    @Option(names = "--etc", paramLabel = "DIR", description = "Where resolv.conf and hosts go (default ${DEFAULT-VALUE}).")
    Path etc = Path.of("/etc");

    @Option(names = "--json", description = "Print the menu as JSON.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        boolean found = NetworkTasks.netboot(iface, server, new Dhcp.Settings(Duration.ofSeconds(timeout),
                Duration.ofSeconds(5), true, null, lobos.Version.current()), Duration.ofSeconds(timeout6), ipv6, etc, json,
                spec.commandLine().getOut(), line -> {
                    err.println("lobos: " + line);
                    err.flush();
                });
        return found ? Main.OK : Main.FAILED;
    }
}
