package lobos.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The kernel modules a boot image carries, loaded by name with their dependencies first. The
 * image builder writes the index ({@link #INDEX}: one line per module, "name path dep,dep"),
 * because Debian ships no modules.dep; modules already loaded or built in are fine.
 */
public final class Modules {
    /**
     * The modules a file system type needs, by blkid's type name: the driver first, then what
     * the kernel would otherwise ask modprobe for while mounting (the character sets FAT, ISO
     * 9660 and exFAT convert names with, the NFS protocol versions). Debian's defaults: FAT
     * codepage 437 and iocharset ascii with utf8, NLS default utf8.
     */
    private static final Map<String, List<String>> FILE_SYSTEMS = Map.of(
            "ext2", List.of("ext4"), "ext3", List.of("ext4"), "ext4", List.of("ext4"),
            "vfat", List.of("vfat", "nls_cp437", "nls_ascii", "nls_utf8"),
            "msdos", List.of("msdos", "nls_cp437"),
            "iso9660", List.of("isofs", "nls_utf8"),
            "exfat", List.of("exfat", "nls_utf8"),
            "nfs", List.of("nfs", "nfsv4", "nfsv3"),
            "nfs4", List.of("nfs", "nfsv4"));

    /** The modules that mounting a file system of this type needs, driver first. */
    public static List<String> forFileSystem(String type) {
        return FILE_SYSTEMS.getOrDefault(type, List.of(type));
    }

    /** A module with the ones mounting its file system needs too ({@code vfat} brings its character sets). */
    public static List<String> withCompanions(String module) {
        for (List<String> modules : FILE_SYSTEMS.values()) {
            if (modules.getFirst().equals(normalize(module))) return modules;
        }
        return List.of(normalize(module));
    }

    /** Where the image builder writes the index. */
    public static final Path INDEX = Path.of("/etc/lobos/modules.index");

    public record Module(String name, Path file, List<String> depends) {}

    private final Kernel kernel;
    private final Map<String, Module> index;
    private final Set<String> loaded = new HashSet<>();
    private final Consumer<String> log;

    public Modules(Kernel kernel, Map<String, Module> index, Consumer<String> log) {
        this.kernel = kernel;
        this.index = index;
        this.log = log;
    }

    /** Reads the index; a missing file is an empty index. */
    public static Map<String, Module> readIndex(Path file) throws IOException {
        Map<String, Module> out = new LinkedHashMap<>();
        if (!Files.exists(file)) return out;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || f[0].startsWith("#")) continue;
            List<String> deps = f.length > 2 && !f[2].equals("-") ? List.of(f[2].split(",")) : List.of();
            out.put(f[0], new Module(f[0], Path.of(f[1]), deps));
        }
        return out;
    }

    /** One index line for a module. */
    public static String indexLine(String name, String path, List<String> depends) {
        return name + " " + path + " " + (depends.isEmpty() ? "-" : String.join(",", depends));
    }

    /** Whether the image carries the module. */
    public boolean has(String name) {
        return index.containsKey(normalize(name));
    }

    /**
     * Loads a module and what it needs. Returns false if the image does not carry it (it may
     * be built into the kernel); a module the kernel refuses throws. Synchronized: the hotplug
     * thread loads drivers while the boot flow loads file systems.
     */
    public synchronized boolean load(String name) {
        return load(normalize(name), new ArrayList<>());
    }

    private boolean load(String name, List<String> path) {
        if (loaded.contains(name)) return true;
        Module m = index.get(name);
        if (m == null) return false;
        if (path.contains(name)) return true; // a cycle: the index is wrong, let the kernel decide
        path.add(name);
        for (String d : m.depends()) load(d, path);
        path.removeLast();
        try {
            kernel.loadModule(m.file(), parameters(name, commandLine()));
            log.accept("loaded module " + name);
        } catch (KernelException e) {
            if (e.errnoName() != Errno.EEXIST) throw e;
        }
        loaded.add(name);
        return true;
    }

    /** Whether this loader loaded the module (or found it loaded) already. */
    public synchronized boolean isLoaded(String name) {
        return loaded.contains(normalize(name));
    }

    private String commandLine;

    /** The running kernel's command line, read once; "" if it cannot be read. */
    private String commandLine() {
        if (commandLine == null) {
            try {
                commandLine = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cmdline")).strip();
            } catch (java.io.IOException e) {
                commandLine = "";
            }
        }
        return commandLine;
    }

    /**
     * The parameters the kernel command line gives a module, as modprobe passes them: the words
     * {@code name.param=value} ({@code ramoops.mem_size=0x100000} for ramoops), without the
     * prefix, in order. The kernel applies such words itself only to built-in code.
     */
    public static String parameters(String module, String cmdline) {
        String prefix = normalize(module) + ".";
        List<String> out = new ArrayList<>();
        for (String word : cmdline.split("\\s+")) {
            int dot = word.indexOf('.');
            if (dot > 0 && (normalize(word.substring(0, dot)) + ".").equals(prefix) && word.length() > dot + 1) {
                out.add(word.substring(dot + 1));
            }
        }
        return String.join(" ", out);
    }

    /** The name the kernel knows a module by: '-' and '_' are the same, written '_'. */
    public static String normalize(String name) {
        return name.replace('-', '_');
    }
}
