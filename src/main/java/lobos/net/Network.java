package lobos.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import lobos.LobosException;

/**
 * Brings the loader's network up as an {@link IpConfig} says. For now it drives busybox's
 * {@code ip} and {@code udhcpc} (the boot image carries them); lobos's own DHCP client and
 * netlink code will replace them without changing how the network is configured.
 */
public final class Network {
    /** The udhcpc script the boot image carries: it applies the lease udhcpc got. */
    public static final String UDHCPC_SCRIPT = "/etc/lobos/udhcpc.script";

    private final Path sysClassNet;
    private final Consumer<String> log;
    private final Runner runner;

    /** Runs a command and returns its exit code; a seam for tests. */
    public interface Runner {
        int run(List<String> command) throws IOException, InterruptedException;
    }

    public Network(Consumer<String> log) {
        this(Path.of("/sys/class/net"), log, command -> new ProcessBuilder(command).inheritIO().start().waitFor());
    }

    Network(Path sysClassNet, Consumer<String> log, Runner runner) {
        this.sysClassNet = sysClassNet;
        this.log = log;
        this.runner = runner;
    }

    /** Configures the network; returns the interface it used. */
    public String configure(IpConfig config) throws IOException, InterruptedException {
        String device = config.device() != null ? config.device() : firstInterface();
        run("ip", "link", "set", "dev", "lo", "up");
        run("ip", "link", "set", "dev", device, "up");
        if (config.dhcp()) {
            log.accept("asking DHCP on " + device);
            // -q: exit once configured; -n: give up if no lease; -t/-T: 5 tries, 2 s apart
            run("udhcpc", "-i", device, "-q", "-n", "-t", "5", "-T", "2", "-s", UDHCPC_SCRIPT);
        } else {
            run("ip", "addr", "add", config.address() + "/" + (config.prefix() == 0 ? 24 : config.prefix()), "dev", device);
            if (config.gateway() != null) run("ip", "route", "add", "default", "via", config.gateway(), "dev", device);
            log.accept("network: " + device + " " + config.address() + "/" + (config.prefix() == 0 ? 24 : config.prefix())
                    + (config.gateway() == null ? "" : " via " + config.gateway()));
        }
        if (!config.dns().isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (String d : config.dns()) lines.add("nameserver " + d);
            Files.write(Path.of("/etc/resolv.conf"), lines);
        }
        return device;
    }

    /** The first network interface that is not loopback, by name. */
    String firstInterface() throws IOException {
        if (Files.isDirectory(sysClassNet)) {
            try (Stream<Path> s = Files.list(sysClassNet)) {
                List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("lo")).sorted().toList();
                if (!names.isEmpty()) return names.getFirst();
            }
        }
        throw new LobosException("no network interface to configure",
                "load its driver (build.conf: modules = virtio_net, e1000e, ...)");
    }

    private void run(String... command) throws IOException, InterruptedException {
        int rc = runner.run(List.of(command));
        if (rc != 0) {
            throw new LobosException(String.join(" ", command) + " failed (exit " + rc + ")",
                    "check the interface and the ip= setting");
        }
    }
}
