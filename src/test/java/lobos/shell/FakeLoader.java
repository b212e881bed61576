package lobos.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import lobos.config.BootEntry;
import lobos.config.Menu;
import lobos.config.kboot.KbootConf;
import lobos.fetch.FetchOptions;
import lobos.fetch.Fetcher;
import lobos.fetch.Locator;
import lobos.fetch.Progress;
import lobos.fetch.Protocols;
import lobos.fetch.Storage;
import lobos.path.DeviceRef;
import lobos.path.Location;
import lobos.storage.ProbedDevice;

/**
 * The loader as the shell's tests see it: a menu they can change, a kboot.conf, loads and
 * executions recorded instead of done, devices as directories ({@code devices.put("sda1", dir)}),
 * the booted system under {@code booted}. Nothing here touches the kernel.
 */
public final class FakeLoader implements Loader {
    public volatile Menu menu;
    public volatile KbootConf conf;
    public final List<BootEntry> loaded = new CopyOnWriteArrayList<>();
    public final List<String> executed = new CopyOnWriteArrayList<>();
    final Map<String, Path> devices = new HashMap<>();
    final Map<String, Command> extra = new HashMap<>();
    final List<String> log = new ArrayList<>(List.of("lobos: ready"));
    Path booted;
    /** When set, load waits for it (or a cancel): a slow download. */
    volatile CountDownLatch loadGate;
    final CountDownLatch loadStarted = new CountDownLatch(1);
    volatile boolean cancelled;
    int reboots;
    int poweroffs;
    /** Ids of entries that came from a disk added after the loader started. */
    public final Set<String> untrusted = new java.util.concurrent.CopyOnWriteArraySet<>();

    public FakeLoader(Menu menu, KbootConf conf) {
        this.menu = menu;
        this.conf = conf;
    }

    public FakeLoader(String kbootConf) {
        this(KbootConf.parse(kbootConf, "/etc/kboot.conf").toMenu(lobos.config.PathContext.NONE, null),
                KbootConf.parse(kbootConf, "/etc/kboot.conf"));
    }

    @Override
    public Menu menu() {
        return menu;
    }

    @Override
    public KbootConf conf() {
        return conf;
    }

    @Override
    public Loaded load(BootEntry entry, Cancel cancel, Progress progress) throws IOException, InterruptedException {
        loaded.add(entry);
        loadStarted.countDown();
        CountDownLatch gate = loadGate;
        if (gate != null) {
            cancel.onCancel(() -> cancelled = true);
            gate.await(); // interrupted by Ctrl-C
        }
        if (entry.kernel().contains("missing")) throw new IOException(entry.kernel() + ": no such file");
        return () -> "loaded " + entry.kernel() + " command line: " + entry.cmdline();
    }

    @Override
    public void execute(Loaded loaded) throws IOException {
        executed.add(loaded.summary());
        throw new IOException("kexec is not done in tests");
    }

    @Override
    public boolean trusted(BootEntry entry) {
        return !untrusted.contains(entry.id());
    }

    @Override
    public List<ProbedDevice> devices() {
        return List.of();
    }

    @Override
    public Set<String> deviceNames() {
        return Set.copyOf(devices.keySet());
    }

    @Override
    public Locator locator() {
        Storage storage = new Storage() {
            @Override
            public Path booted(Location.Booted path) {
                if (booted == null) throw new lobos.LobosException("no booted system in this test");
                return path.path().equals("/") ? booted : booted.resolve(path.path().substring(1));
            }

            @Override
            public Path device(DeviceRef device) {
                Path dir = devices.get(device.text().replaceFirst("^/dev/", ""));
                if (dir == null) throw new lobos.LobosException("no device " + device.text());
                return dir;
            }

            @Override
            public Path nfs(String host, int port, String directory, List<String> options) {
                throw new lobos.LobosException("no NFS in this test");
            }
        };
        return new Locator(storage, new Fetcher(Protocols.all(), FetchOptions.DEFAULTS),
                name -> Files.createTempFile("lobos-shell-test", name));
    }

    @Override
    public List<String> log() {
        return log;
    }

    @Override
    public List<String> dmesg() {
        return List.of("[    0.000000] Linux version test");
    }

    @Override
    public void reboot() {
        reboots++;
    }

    @Override
    public void poweroff() {
        poweroffs++;
    }

    @Override
    public Map<String, Command> commands() {
        return extra;
    }
}
