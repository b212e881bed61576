package lobos.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import lobos.fetch.FetchOptions;
import lobos.fetch.Fetcher;
import lobos.fetch.Locator;
import lobos.fetch.MountedStorage;
import lobos.fetch.Protocols;
import lobos.linux.Kernel;
import lobos.linux.LinuxKernel;
import lobos.linux.Modules;
import lobos.path.Location;
import lobos.path.PathResolver;
import lobos.storage.DeviceProber;
import lobos.storage.Mounter;
import lobos.storage.SysfsBlockDevices;
import picocli.CommandLine.Option;

/**
 * The options and set-up the commands that take generalized paths share (fetch, ls, cat,
 * boot). On a running system "/path" is this system's own path (it is the booted system); a
 * device that is mounted is read where it is mounted, others are mounted read-only under
 * /run/lobos (which needs root).
 */
final class PathOptions {
    @Option(names = "--insecure", description = "do not verify HTTPS certificates or SSH host keys")
    boolean insecure;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "give up on a silent server after this long (default: 30)")
    int timeoutSeconds = 30;

    @Option(names = "--retries", paramLabel = "N", description = "retry a transient failure this often (default: 4)")
    int retries = 4;

    @Option(names = "--deadline", paramLabel = "SECONDS",
            description = "give up on a download after this long in all, retries included (default: 1800)")
    long deadlineSeconds = FetchOptions.DEFAULT_DEADLINE.toSeconds();

    @Option(names = "--ssh-dir", paramLabel = "DIR", description = "SFTP keys and known_hosts (default: ~/.ssh)")
    Path sshDir;

    @Option(names = "--ca-bundle", paramLabel = "FILE", description = "trusted CA certificates for HTTPS, PEM (default: the JDK's)")
    Path caBundle;

    FetchOptions fetchOptions() {
        Path ssh = sshDir != null ? sshDir : Path.of(System.getProperty("user.home"), ".ssh");
        return new FetchOptions(Duration.ofSeconds(timeoutSeconds), retries, insecure, caBundle, ssh, Duration.ofSeconds(deadlineSeconds));
    }

    /** A locator for this machine; downloads go where {@code downloads} says. */
    Locator locator(Kernel kernel, Locator.Downloads downloads) throws IOException {
        Modules modules = new Modules(kernel, Modules.readIndex(Modules.INDEX), line -> {});
        Mounter mounter = new Mounter(kernel, modules, false, line -> System.err.println("lobos: " + line));
        MountedStorage storage = MountedStorage.running(mounter, DeviceProber::probeAll);
        return new Locator(storage, new Fetcher(Protocols.all(), fetchOptions()), downloads);
    }

    Locator locator(Locator.Downloads downloads) throws IOException {
        return locator(new LinuxKernel(), downloads);
    }

    /** Resolves path text as the shell would: relative to the current directory, devices by /sys. */
    static Location resolve(lobos.path.ParsedPath parsed) {
        Location cwd = new Location.Loader(Path.of("").toAbsolutePath().normalize().toString());
        return new PathResolver(new PathResolver.Context(Set.of(), SysfsBlockDevices.names(), cwd)).resolve(parsed);
    }

    /** The help text on generalized paths, for the commands' footers. */
    static final String PATHS_HELP = "PATH is a generalized path: /file, dev:/file (sda1:/boot/x, UUID=...:/x,"
            + " LABEL=...:/x), host:/export/file (NFS), http(s)://, ftp://, tftp://, sftp://user@host/file;"
            + " #sha256=<hex> at the end checks it. See docs/paths.md.";
}
