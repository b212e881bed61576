package lobos.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import lobos.server.dhcp.BootClient;
import lobos.server.dhcp.DhcpEvents;
import lobos.server.dhcp.DhcpResponder;
import lobos.server.dhcp.DhcpService;
import lobos.server.dhcp.DhcpSettings;
import lobos.server.dhcp.Ipv4;
import lobos.server.dhcp.Lease;
import lobos.server.dhcp.LeasePool;
import lobos.server.http.HttpService;
import lobos.server.http.ManagerApi;
import lobos.server.store.NodeUpdate;
import lobos.server.store.Store;
import lobos.tftp.RootDirectory;
import lobos.tftp.TftpServer;
import lobos.tftp.TftpServerConfig;

/**
 * The manager node, running: the state database, DHCP (or proxyDHCP), TFTP for iPXE, HTTP for
 * files and the node API, all following the node file, which it reads again when it changes
 * (a file that does not parse is logged with its line, and the last good one stays in force).
 * Listening addresses and the database are read once, at start.
 */
public final class Manager implements AutoCloseable {
    private static final long WATCH_INTERVAL_MS = 1000;

    private final Path file;
    private final Consumer<String> log;
    private final AtomicReference<NodeDirectory> directory = new AtomicReference<>();
    private final Store store;
    private DhcpResponder responder;
    private DhcpService dhcp;
    private TftpServer tftp;
    private HttpService http;
    private Thread watcher;
    private volatile boolean closed;
    private FileTime loadedTime;
    private long loadedSize;

    private Manager(Path file, ServerConfig config, Store store, Consumer<String> log) {
        this.file = file;
        this.log = log;
        this.store = store;
        this.directory.set(new NodeDirectory(config));
    }

    /** Reads the node file, opens the database and starts every service the file asks for. */
    public static Manager start(Path file, Consumer<String> log) {
        FileTime time = modified(file);
        long size = size(file);
        ServerConfig config = ServerConfigReader.read(file);
        Store store = Store.open(config.server().database());
        Manager m = new Manager(file, config, store, log);
        m.loadedTime = time;
        m.loadedSize = size;
        try {
            m.startServices(config);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    private void startServices(ServerConfig config) {
        log.accept("state in " + store.url() + " (schema version " + store.schemaVersion() + ")");
        ManagerApi api = new ManagerApi(directory::get, store, log);
        http = HttpService.start(config.server().http(), api, () -> directory.get().config(), log);
        log.accept("HTTP on " + config.server().http().getHostString() + ":" + http.port());
        if (config.server().tftp() != null) {
            try {
                tftp = TftpServer.start(TftpServerConfig.on(config.server().tftp()), new RootDirectory(config.server().tftpRoot()));
                log.accept("TFTP on " + tftp.address().getAddress().getHostAddress() + ":" + tftp.address().getPort() + " from "
                        + config.server().tftpRoot());
            } catch (IOException | RuntimeException e) {
                throw new lobos.LobosException("cannot serve TFTP from " + config.server().tftpRoot() + ": " + e.getMessage(),
                        "install Debian's ipxe package (its files are in /usr/lib/ipxe), or set server: tftp: off", e);
            }
        }
        ServerConfig.Dhcp d = config.dhcp();
        if (d.mode() != null) {
            var leases = store.leases();
            LeasePool pool = new LeasePool(leases, store, System::currentTimeMillis);
            responder = new DhcpResponder(dhcpSettings(directory.get()), pool, new Events(), log);
            dhcp = DhcpService.start(d.interfaces(), d.mode() == DhcpSettings.Mode.PROXY, responder, log);
            log.accept((d.mode() == DhcpSettings.Mode.PROXY ? "proxyDHCP (ports 67 and 4011)" : "DHCP for "
                    + d.subnets().stream().map(Object::toString).toList()) + " on " + String.join(", ", d.interfaces())
                    + (leases.isEmpty() ? "" : ", " + leases.size() + " leases kept from before"));
        }
        watcher = Thread.ofPlatform().daemon().name("node-file-watcher").start(this::watch);
    }

    public int httpPort() {
        return http.port();
    }

    public NodeDirectory directory() {
        return directory.get();
    }

    public Store store() {
        return store;
    }

    static DhcpSettings dhcpSettings(NodeDirectory nodes) {
        ServerConfig c = nodes.config();
        DhcpSettings.Mode mode = c.dhcp().mode() == null ? DhcpSettings.Mode.AUTHORITATIVE : c.dhcp().mode();
        return new DhcpSettings(mode, c.dhcp().subnets(), nodes,
                new DhcpSettings.Boot(c.server().url(), c.server().http().getPort(), c.dhcp().pxeFiles(), c.dhcp().httpFiles()));
    }

    /** Polls the node file's time and size; a change is read, and applied when it parses. */
    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(WATCH_INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
            FileTime time = modified(file);
            long size = size(file);
            if (time == null || (time.equals(loadedTime) && size == loadedSize)) continue;
            loadedTime = time;
            loadedSize = size;
            reload();
        }
    }

    /** Reads the node file again now; false (and a log line naming file:line) when it does not parse. */
    public boolean reload() {
        try {
            ServerConfig config = ServerConfigReader.read(file);
            NodeDirectory nodes = new NodeDirectory(config);
            directory.set(nodes);
            if (responder != null) responder.update(dhcpSettings(nodes));
            log.accept("read " + file + " again: " + config.nodes().size() + " nodes, " + config.profiles().size() + " profiles");
            return true;
        } catch (ServerConfigException e) {
            log.accept("the node file does not parse, keeping the last good one: " + e.getMessage());
            return false;
        } catch (RuntimeException e) {
            log.accept("the node file could not be applied, keeping the last good one: " + e);
            return false;
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return null;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /** DHCP answers into the inventory: the node's address and state, and an event. */
    private final class Events implements DhcpEvents {
        @Override
        public void bound(Lease lease, String uuid, BootClient client, String bootFile) {
            String name = name(lease.mac(), uuid);
            store.record(new NodeUpdate(lease.mac(), uuid, name, Ipv4.text(lease.address()), lease.hostname(), arch(client), null,
                    "dhcp"), "server", "dhcp", "ip=" + Ipv4.text(lease.address()) + " client=" + client.label()
                    + (bootFile == null ? "" : " file=" + bootFile));
        }

        @Override
        public void bootInformation(String mac, String uuid, BootClient client, String bootFile) {
            store.record(new NodeUpdate(mac, uuid, name(mac, uuid), null, null, arch(client), null, "proxy-dhcp"), "server",
                    "proxy-dhcp", "client=" + client.label() + " file=" + bootFile);
        }

        private String name(String mac, String uuid) {
            var m = directory.get().match(mac, uuid, null);
            return m.node() == null ? null : m.node().name();
        }

        private static String arch(BootClient client) {
            return switch (client) {
                case BootClient.Pxe p -> BootClient.archName(p.arch()).toLowerCase(Locale.ROOT);
                case BootClient.HttpBoot h -> BootClient.archName(h.arch()).toLowerCase(Locale.ROOT);
                default -> null;
            };
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (watcher != null) watcher.interrupt();
        if (dhcp != null) dhcp.close();
        if (tftp != null) tftp.close();
        if (http != null) http.close();
        store.close();
    }
}
