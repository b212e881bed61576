package lobos.build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import lobos.Version;
import lobos.initramfs.Compression;
import lobos.initramfs.InitramfsBuilder;
import lobos.initramfs.Node;
import lobos.linux.ModuleAliases;
import lobos.linux.Modules;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Builds the loader: an initramfs holding a jlink'd Java runtime, the lobos jars and a
 * startup cache made by a training run, busybox, the glibc files the JVM needs, the configured
 * kernel modules with their dependencies, the config files and /init; plus the kernel to boot
 * it with. The same inputs give the same bytes (docs/boot-image.md explains how).
 */
public final class BootImageBuilder {
    /** Where lobos lives inside the image. */
    static final String HOME = "lobos";
    /**
     * The image's class path, relative to "/" (the working directory of PID 1): only lobos.jar,
     * whose manifest names lib/*.jar. Relative, so that the startup cache, which records it, is
     * the same wherever the image is built.
     */
    static final String CLASS_PATH = HOME + "/lobos.jar";

    /** busybox applets the image does not offer: lobos is the DHCP client (docs/netboot.md). */
    static final java.util.Set<String> NOT_LINKED = java.util.Set.of("udhcpc", "udhcpc6", "udhcpd", "dhcprelay");

    private final BuildConfig config;
    private final Path cache;
    private final Consumer<String> log;

    public BootImageBuilder(BuildConfig config, Path cache, Consumer<String> log) {
        this.config = config;
        this.cache = cache;
        this.log = log;
    }

    /** The default download cache: $XDG_CACHE_HOME/lobos or ~/.cache/lobos. */
    public static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("lobos");
    }

    public BootImage build(Path output) throws IOException {
        Path outDir = output.toAbsolutePath();
        KernelTree kernel = kernel();
        Files.createDirectories(outDir);
        Path stage = Files.createTempDirectory(outDir, ".stage-");
        try {
            Path home = stage.resolve(HOME);
            List<Path> jars = LobosJars.locate();
            log.accept("linking a Java runtime with " + String.join(",", config.javaModules()));
            JavaRuntime.link(config.javaModules(), home.resolve("jre"));
            if (!JavaRuntime.strip(home.resolve("jre"))) {
                log.accept("no strip (binutils) on this host: the Java runtime keeps its symbol tables (5 MB more)");
            }
            Map<Path, java.util.Set<String>> keep = JarShrinker.keep(jars);
            for (Path jar : jars) {
                java.util.Set<String> entries = keep.get(jar);
                if (!jar.equals(jars.getFirst()) && entries.stream().noneMatch(e -> e.endsWith(".class"))) {
                    log.accept("left out " + jar.getFileName() + ": lobos uses none of its classes");
                    continue;
                }
                String rel = jar.equals(jars.getFirst()) ? "lobos.jar" : "lib/" + jar.getFileName();
                Files.createDirectories(home.resolve(rel).getParent());
                if (rel.equals("lobos.jar")) LobosJars.copyLobosJar(jar, home.resolve(rel));
                else LobosJars.copy(jar, home.resolve(rel), entries);
            }
            setTimes(stage);
            StartupCache cacheFile = StartupCache.of(config.startupCache());
            List<String> runtimeOptions = new ArrayList<>(config.jvmOptions());
            if (cacheFile != null) {
                log.accept("training run for the startup cache (" + config.startupCache() + ")");
                runtimeOptions.addAll(cacheFile.create(home, CLASS_PATH, config.jvmOptions(), kernel.image(),
                        config.dir()));
                setTimes(stage);
            }

            InitramfsBuilder image = new InitramfsBuilder(config.mtime());
            skeleton(image);
            image.tree(HOME, home);
            busybox(image);
            libraries(image, home.resolve("jre"));
            List<ModuleCost> moduleCosts = modules(image, kernel);
            configFiles(image);
            image.file("init", InitScript.text(javaCommand(runtimeOptions)).getBytes(), 0755);

            Compression compression = Compression.valueOf(config.compression().toUpperCase(java.util.Locale.ROOT));
            Path initramfs = outDir.resolve("lobos-initramfs.cpio" + compression.suffix());
            log.accept("writing " + initramfs);
            try (OutputStream out = Files.newOutputStream(initramfs)) {
                image.writeTo(out, compression);
            }
            Path kernelCopy = outDir.resolve("vmlinuz");
            Files.copy(kernel.image(), kernelCopy, StandardCopyOption.REPLACE_EXISTING);
            return new BootImage(initramfs, kernelCopy, kernel.release(), Files.size(initramfs), Files.size(kernelCopy),
                    parts(image), moduleCosts);
        } finally {
            DebianKernel.deleteTree(stage);
        }
    }

    private KernelTree kernel() {
        if (config.kernel().equals("debian")) {
            return DebianKernel.fetch(cache.resolve("debian"), config.debianArch(), log);
        }
        Path image = config.dir().resolve(config.kernel());
        if (!Files.isRegularFile(image)) {
            throw new BuildException("kernel = " + config.kernel() + ": no such file (" + image + ")",
                    "name a kernel image, or write kernel = debian for Debian's current kernel");
        }
        if (!config.modules().isEmpty()) {
            throw new BuildException("modules = ... needs the kernel's modules, which lobos only knows for kernel = debian",
                    "build the drivers into your kernel, or use kernel = debian");
        }
        return new KernelTree(image, null, null);
    }

    private void setTimes(Path root) throws IOException {
        // The startup cache records the times of the jars and runtime; the image stores config.mtime().
        FileTime time = FileTime.fromMillis(config.mtime() * 1000);
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (!Files.isSymbolicLink(p)) Files.setLastModifiedTime(p, time);
            }
        }
    }

    private static void skeleton(InitramfsBuilder image) {
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc/lobos", "lib", "mnt", "proc", "sys", "run",
                "var")) {
            image.directory(d, 0755);
        }
        image.directory("dev", 0755);
        image.directory("tmp", 01777);
        image.directory("root", 0700);
        // The kernel opens /dev/console for /init before anything is mounted on /dev.
        image.charDevice("dev/console", 0600, 5, 1);
        image.charDevice("dev/null", 0666, 1, 3);
        image.file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n".getBytes(), 0644);
        image.file("etc/group", "root:x:0:\n".getBytes(), 0644);
    }

    private void busybox(InitramfsBuilder image) {
        Path busybox = config.busybox();
        if (!Files.isRegularFile(busybox)) {
            throw new BuildException("busybox not found at " + busybox,
                    "install Debian's busybox-static (apt-get install busybox-static) or set busybox= in build.conf");
        }
        if (!SharedLibraries.needed(busybox).isEmpty()) {
            throw new BuildException(busybox + " is linked against shared libraries, which the image does not carry",
                    "use a static busybox: apt-get install busybox-static (or set busybox= in build.conf)");
        }
        image.file("bin/busybox", busybox, 0755);
        String list = HostCommand.run(null, List.of(busybox.toString(), "--list-full"),
                "busybox-static lists its applets with --list-full");
        for (String applet : list.strip().split("\n")) {
            String path = applet.strip();
            if (path.isEmpty() || path.equals("bin/busybox") || path.equals("linuxrc")) continue;
            if (NOT_LINKED.contains(path.substring(path.lastIndexOf('/') + 1))) continue;
            int depth = path.split("/").length - 1;
            image.symlink(path, "../".repeat(depth) + "bin/busybox");
        }
    }

    private static void libraries(InitramfsBuilder image, Path runtime) throws IOException {
        var libs = SharedLibraries.closure(runtime, List.of("libgcc_s.so.1"));
        for (var e : libs.entrySet()) {
            Path host = e.getValue();
            // Same directory as on the host, so the dynamic loader's built-in search path finds it.
            String dir = host.getParent().toString().replaceFirst("^/usr/", "/").substring(1);
            image.file(dir + "/" + e.getKey(), host.toRealPath(), 0755);
        }
        String interpreter = SharedLibraries.interpreter(runtime.resolve("bin/java"));
        String name = Path.of(interpreter).getFileName().toString();
        Path host = libs.get(name);
        if (host == null) {
            throw new BuildException("the JVM's program interpreter " + interpreter + " is not among its libraries",
                    "is " + runtime.resolve("bin/java") + " a dynamically linked Linux program?");
        }
        String target = host.getParent().toString().replaceFirst("^/usr/", "/") + "/" + name;
        if (!interpreter.equals(target)) image.symlink(interpreter.substring(1), target);
    }

    /**
     * Puts the configured modules and what they need in the image, with an index of them all
     * ({@link Modules#INDEX}), the names to load at boot ({@code /etc/lobos/modules}) and the
     * aliases of them all ({@link ModuleAliases#FILE}), by which lobos loads the drivers for the
     * devices it finds. Returns what each module asked for adds.
     */
    private List<ModuleCost> modules(InitramfsBuilder image, KernelTree kernel) throws IOException {
        if (!config.autoModules() && config.namedModules().isEmpty() && config.onDemandModules().isEmpty()) {
            return List.of();
        }
        KernelModules index = KernelModules.index(kernel.modulesDir());
        List<String> onDemand = config.onDemandModules().stream().flatMap(n -> Modules.withCompanions(n).stream())
                .distinct().toList();
        Map<String, String> asked = new LinkedHashMap<>();
        config.namedModules().forEach(n -> asked.putIfAbsent(Modules.normalize(n), "listed"));
        autoModules(index).forEach(n -> asked.putIfAbsent(n, "auto"));
        onDemand.forEach(n -> asked.putIfAbsent(Modules.normalize(n), "on demand"));

        Map<String, KernelModules.Module> all = new LinkedHashMap<>();
        List<ModuleCost> costs = new ArrayList<>();
        List<String> aliasLines = new ArrayList<>();
        for (var e : asked.entrySet()) {
            List<KernelModules.Module> closure = index.resolve(List.of(e.getKey()));
            List<String> brings = new ArrayList<>();
            long bytes = 0, xz = 0;
            for (KernelModules.Module m : closure) {
                if (all.containsKey(m.name())) continue;
                all.put(m.name(), m);
                byte[] ko = KernelModules.bytes(m.file());
                String path = index.imagePath(m, kernel.release());
                image.file(path, ko, 0644);
                bytes += ko.length;
                xz += xzSize(ko);
                if (!m.name().equals(e.getKey())) brings.add(m.name());
                for (String alias : m.aliases()) {
                    String line = ModuleAliases.line(alias, m.name());
                    if (line != null) aliasLines.add(line);
                }
            }
            if (!closure.isEmpty()) costs.add(new ModuleCost(e.getKey(), e.getValue(), brings, bytes, xz));
        }
        List<String> indexLines = all.values().stream()
                .map(m -> Modules.indexLine(m.name(), "/" + index.imagePath(m, kernel.release()), m.depends())).toList();
        image.file(Modules.INDEX.toString(), lines(indexLines), 0644);
        List<String> atBoot = index.resolve(config.namedModules()).stream().map(KernelModules.Module::name).toList();
        image.file("etc/lobos/modules", lines(atBoot), 0644);
        List<String> header = List.of("# lobos mkimage: the alias= patterns of every module in this image, as depmod's"
                + " modules.alias; lobos loads the modules whose patterns match a device's modalias");
        image.file(ModuleAliases.FILE.toString(), lines(concat(header, aliasLines)), 0644);
        long autoCount = costs.stream().filter(c -> c.reason().equals("auto")).count();
        log.accept("kernel modules: " + all.size() + ", " + atBoot.size() + " loaded at boot, " + autoCount
                + " drivers by modalias (" + aliasLines.size() + " aliases)");
        return costs;
    }

    /** The drivers {@code auto} stands for that this kernel has as modules, less those the config leaves out. */
    private List<String> autoModules(KernelModules index) {
        if (!config.autoModules()) return List.of();
        List<String> out = new ArrayList<>();
        for (String name : AutoModules.names()) {
            if (config.excludedModules().contains(name) || index.isBuiltin(name)) continue;
            if (index.has(name)) out.add(name);
            else log.accept("modules = auto: this kernel has no " + name + ", left out");
        }
        return out;
    }

    /** The bytes' size compressed with the image's xz settings, on a dictionary no larger than they need. */
    static long xzSize(byte[] bytes) throws IOException {
        LZMA2Options options = new LZMA2Options(6);
        options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN,
                Math.min(Compression.XZ_DICTIONARY, Integer.highestOneBit(Math.max(1, bytes.length - 1)) << 1)));
        long[] count = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        };
        try (XZOutputStream xz = new XZOutputStream(counter, options, org.tukaani.xz.XZ.CHECK_CRC32)) {
            xz.write(bytes);
        }
        return count[0];
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private void configFiles(InitramfsBuilder image) throws IOException {
        HostKey.ensure(config.dir(), log);
        for (var e : BuildConfig.ETC_FILES.entrySet()) {
            Path f = config.dir().resolve(e.getKey());
            if (Files.isRegularFile(f)) image.file(e.getValue(), f, BuildConfig.SECRET_FILES.contains(e.getKey()) ? 0600 : 0644);
        }
        Path ca = config.caBundle();
        if (ca != null) {
            if (!Files.isRegularFile(ca)) {
                throw new BuildException("ca-bundle " + ca + " does not exist",
                        "install ca-certificates, name another PEM file, or write ca-bundle = none (HTTPS then fails)");
            }
            image.file("etc/ssl/certs/ca-certificates.crt", ca, 0644);
        }
        Path files = config.dir().resolve("files");
        if (Files.isDirectory(files)) image.tree(".", files);
        image.file("etc/lobos/version", (Version.current() + "\n").getBytes(), 0644);
    }

    private static List<String> javaCommand(List<String> options) {
        List<String> cmd = new ArrayList<>(List.of("/" + HOME + "/jre/bin/java"));
        cmd.addAll(options);
        cmd.addAll(List.of("-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Dlobos.init.uptime=@UPTIME@",
                "-cp", CLASS_PATH,
                "lobos.cli.Main", "init"));
        return cmd;
    }

    private static byte[] lines(List<String> lines) {
        return lines.isEmpty() ? new byte[0] : (String.join("\n", lines) + "\n").getBytes();
    }

    /** Uncompressed sizes by what they are, for the size report. */
    private static Map<String, Long> parts(InitramfsBuilder image) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String part : List.of("java runtime", "lobos jars", "startup cache", "busybox", "shared libraries",
                "kernel modules", "config and init")) {
            sizes.put(part, 0L);
        }
        for (Map.Entry<String, Node> e : image.entries().entrySet()) {
            sizes.merge(partOf(e.getKey()), e.getValue().size(), Long::sum);
        }
        return sizes;
    }

    private static String partOf(String path) {
        if (path.startsWith(HOME + "/jre/")) return "java runtime";
        if (path.endsWith(".jar")) return "lobos jars";
        if (path.startsWith(HOME + "/lobos.")) return "startup cache";
        if (path.equals("bin/busybox")) return "busybox";
        if (path.startsWith("lib/modules/")) return "kernel modules";
        if (path.startsWith("lib") ) return "shared libraries";
        return "config and init";
    }
}
