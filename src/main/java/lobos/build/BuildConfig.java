package lobos.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A boot image's config directory: {@code build.conf} (how to build) plus the files that go
 * into the image's /etc (kboot.conf, fstab, hosts, message, authorized_keys) and a
 * {@code files/} tree copied as it is. docs/boot-image.md documents every key.
 */
public record BuildConfig(
        Path dir,
        String kernel,
        String debianArch,
        List<String> modules,
        List<String> onDemandModules,
        String compression,
        List<String> jvmOptions,
        List<String> javaModules,
        String startupCache,
        Path busybox,
        Path caBundle,
        long mtime) {

    /** The config files lobos copies into the image, and where they go. */
    public static final Map<String, String> ETC_FILES = Map.ofEntries(
            Map.entry("kboot.conf", "etc/kboot.conf"),
            Map.entry("fstab", "etc/fstab"),
            Map.entry("hosts", "etc/hosts"),
            Map.entry("message", "etc/message"),
            Map.entry("authorized_keys", "etc/lobos/authorized_keys"),
            Map.entry("known_hosts", "etc/lobos/known_hosts"),
            Map.entry("id_ed25519", "etc/lobos/id_ed25519"),
            Map.entry("id_ecdsa", "etc/lobos/id_ecdsa"),
            Map.entry("id_rsa", "etc/lobos/id_rsa"),
            Map.entry("ssh_host_ed25519_key", "etc/lobos/ssh_host_ed25519_key"),
            Map.entry("ssh_host_ecdsa_key", "etc/lobos/ssh_host_ecdsa_key"),
            Map.entry("ssh_host_rsa_key", "etc/lobos/ssh_host_rsa_key"));

    /** Files only their owner may read in the image. */
    public static final java.util.Set<String> SECRET_FILES = java.util.Set.of("authorized_keys", "id_ed25519",
            "id_ecdsa", "id_rsa", "ssh_host_ed25519_key", "ssh_host_ecdsa_key", "ssh_host_rsa_key");

    /**
     * JDK modules the image always has: what lobos's code uses (checked by a test with jdeps), and
     * what MINA SSHD needs for SFTP: java.rmi (its session classes name RemoteException; it brings
     * java.logging) and java.management (its exception handling names JMX exceptions); and
     * jdk.unsupported, whose sun.misc.Unsafe aircompressor's zstd decoder reads with (without
     * it, a zstd-compressed kernel or initrd failed with NoClassDefFoundError in the image).
     */
    public static final List<String> BASE_JAVA_MODULES = List.of("java.base", "java.rmi",
            "java.management", "jdk.unsupported");

    /** Debian's bundle of the CA certificates it trusts (the ca-certificates package). */
    static final String DEFAULT_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

    /** Full tiered compilation: HTTPS downloads ran at a quarter of the speed with C1 alone (docs/performance.md). */
    static final String DEFAULT_JVM_OPTIONS = "-XX:+UseSerialGC";

    /** The word in {@code modules} that asks for {@link AutoModules}; "-name" next to it leaves one out. */
    public static final String AUTO = "auto";

    public BuildConfig {
        modules = List.copyOf(modules);
        onDemandModules = List.copyOf(onDemandModules);
        jvmOptions = List.copyOf(jvmOptions);
        javaModules = List.copyOf(javaModules);
    }

    /** Reads {@code dir/build.conf}; a missing file means all defaults. */
    public static BuildConfig read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BuildException("config directory " + dir + " does not exist",
                    "create it with at least a kboot.conf (see docs/boot-image.md)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Path file = dir.resolve("build.conf");
        if (Files.exists(file)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new BuildException("cannot read " + file + ": " + e.getMessage(), null, e);
            }
            for (int i = 0; i < lines.size(); i++) {
                parseLine(file, i + 1, lines.get(i), values);
            }
        }
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        List<String> javaModules = new ArrayList<>(BASE_JAVA_MODULES);
        for (String m : words(values.getOrDefault("java-modules", ""))) {
            if (!javaModules.contains(m)) javaModules.add(m);
        }
        List<String> modules = words(values.getOrDefault("modules", ""));
        if (!modules.contains(AUTO) && modules.stream().anyMatch(m -> m.startsWith("-"))) {
            throw new BuildException(file + ": modules = " + String.join(" ", modules)
                    + ": a name with '-' leaves a module out of auto, and there is no auto",
                    "write modules = auto -NAME, or list the modules you want");
        }
        String compression = values.getOrDefault("compression", "zstd");
        if (!List.of("zstd", "xz", "gzip", "none").contains(compression)) {
            throw new BuildException(file + ": compression = " + compression + " is not known",
                    "use zstd (fast to unpack), xz (smallest), gzip or none");
        }
        String cache = values.getOrDefault("startup-cache", "appcds");
        if (!List.of("appcds", "aot", "none").contains(cache)) {
            throw new BuildException(file + ": startup-cache = " + cache + " is not known",
                    "use appcds (reproducible), aot (JDK AOT cache, not byte-reproducible) or none");
        }
        return new BuildConfig(dir, values.getOrDefault("kernel", "debian"), values.getOrDefault("debian-arch", "amd64"),
                modules, words(values.getOrDefault("on-demand-modules", "")),
                compression,
                words(values.getOrDefault("jvm-options", DEFAULT_JVM_OPTIONS)), javaModules, cache,
                Path.of(values.getOrDefault("busybox", "/bin/busybox")),
                values.getOrDefault("ca-bundle", DEFAULT_CA_BUNDLE).equals("none") ? null
                        : Path.of(values.getOrDefault("ca-bundle", DEFAULT_CA_BUNDLE)),
                epoch == null || epoch.isBlank() ? 0 : Long.parseLong(epoch.strip()));
    }

    /** Whether {@code modules} says {@code auto}: the drivers for common hardware, loaded by modalias. */
    public boolean autoModules() {
        return modules.contains(AUTO);
    }

    /** The modules named in {@code modules} (loaded at boot), without {@code auto} and exclusions. */
    public List<String> namedModules() {
        return modules.stream().filter(m -> !m.equals(AUTO) && !m.startsWith("-")).toList();
    }

    /** The modules {@code auto} leaves out ({@code -mlx5_core}), normalized. */
    public List<String> excludedModules() {
        return modules.stream().filter(m -> m.startsWith("-")).map(m -> lobos.linux.Modules.normalize(m.substring(1)))
                .toList();
    }

    private static final List<String> KEYS = List.of("kernel", "debian-arch", "modules", "on-demand-modules",
            "compression", "jvm-options", "java-modules", "startup-cache", "busybox", "ca-bundle");
    private static final List<String> LIST_KEYS = List.of("modules", "on-demand-modules", "jvm-options",
            "java-modules");

    private static void parseLine(Path file, int number, String line, Map<String, String> values) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) return;
        int eq = s.indexOf('=');
        if (eq < 0) {
            throw new BuildException(file + ":" + number + ": expected key = value, found \"" + s + "\"",
                    "keys: " + String.join(", ", KEYS));
        }
        String key = s.substring(0, eq).strip();
        if (!KEYS.contains(key)) {
            throw new BuildException(file + ":" + number + ": unknown key \"" + key + "\"",
                    "keys: " + String.join(", ", KEYS));
        }
        String value = s.substring(eq + 1).strip();
        // A repeated key adds to lists (modules, options) and replaces single values.
        values.merge(key, value, (a, b) -> LIST_KEYS.contains(key) ? a + " " + b : b);
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
    }
}
