package lobos.path;

import java.util.Set;
import lobos.path.DeviceRef.Named;
import lobos.path.Location.Booted;
import lobos.path.Location.Device;
import lobos.path.Location.DeviceFile;
import lobos.path.Location.Loader;
import lobos.path.Location.Nfs;
import lobos.path.Location.Relative;
import lobos.path.Location.Url;
import lobos.path.Location.Variable;

/**
 * Picks one reading of a {@link ParsedPath} with what the caller knows, and joins relative
 * paths to the current directory. Pure: the caller reads /sys and the config, this decides.
 *
 * <p>The rules: a reading as a variable needs a variable of that name; a reading as a device
 * needs a known device of that name or a name of the kernel's form ({@link DeviceNames});
 * everything else is always acceptable. The first acceptable reading wins, the last one if
 * none is (so {@code server:/x} is NFS and {@code my_kernel} without such a variable is a
 * file in the current directory).
 */
public final class PathResolver {
    /**
     * What the resolver knows.
     *
     * @param variables names defined in kboot.conf or the shell session
     * @param devices   block device names known now (from /sys/class/block), without /dev/
     * @param cwd       the current directory (any directory location), or null: relative paths then stay relative
     */
    public record Context(Set<String> variables, Set<String> devices, Location cwd) {
        public static final Context EMPTY = new Context(Set.of(), Set.of(), null);

        public Context {
            variables = Set.copyOf(variables);
            devices = Set.copyOf(devices);
        }

        /** The same context with another current directory (after {@code cd}). */
        public Context withCwd(Location directory) {
            return new Context(variables, devices, directory);
        }
    }

    private final Context context;

    public PathResolver(Context context) {
        this.context = context;
    }

    public Context context() {
        return context;
    }

    /** Parses and resolves {@code text}; the digest, if any, stays in {@link ParsedPath#sha256()}. */
    public Location resolve(String text) {
        return resolve(PathParser.parse(text));
    }

    public Location resolve(ParsedPath parsed) {
        var readings = parsed.readings();
        for (int i = 0; i < readings.size(); i++) {
            Location reading = readings.get(i);
            if (i == readings.size() - 1 || acceptable(reading)) return absolute(reading);
        }
        throw new AssertionError("a ParsedPath has at least one reading");
    }

    private boolean acceptable(Location reading) {
        return switch (reading) {
            case Variable v -> context.variables().contains(v.name());
            case Device(Named n) -> isDevice(n.name());
            case DeviceFile(Named n, String path) -> isDevice(n.name());
            default -> true;
        };
    }

    private boolean isDevice(String name) {
        return context.devices().contains(name) || DeviceNames.looksLikeDevice(name);
    }

    private Location absolute(Location reading) {
        if (!(reading instanceof Relative(String path)) || context.cwd() == null) return reading;
        return switch (context.cwd()) {
            case Booted b -> new Booted(Segments.join(b.path(), path));
            case Loader l -> new Loader(Segments.join(l.path(), path));
            case DeviceFile f -> new DeviceFile(f.device(), Segments.join(f.path(), path));
            case Nfs n -> new Nfs(n.host(), n.port(), Segments.join(n.path(), path), n.options());
            case Url u -> new Url(u.scheme(), u.user(), u.password(), u.host(), u.port(), merge(u.rawPath(), path), null);
            case Relative r -> new Relative(Segments.normalizeRelative(r.path() + "/" + path));
            case Variable v -> throw notDirectory(v);
            case Device d -> throw notDirectory(d);
        };
    }

    /** RFC 3986 merge: the relative path replaces the base's last segment; dot segments removed. */
    private static String merge(String baseRawPath, String relative) {
        String directory = baseRawPath.substring(0, baseRawPath.lastIndexOf('/') + 1);
        return Segments.join(directory, Percent.encodePath(relative));
    }

    private static PathException notDirectory(Location cwd) {
        return new PathException("cannot resolve a relative path: the current directory '" + cwd.text() + "' is not a directory",
                "cd to a directory first (/path, //path, device:/path, host:/path or a URL)");
    }
}
