package lobos.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import lobos.image.Elf;
import lobos.linux.Modules;
import org.tukaani.xz.XZInputStream;

/**
 * The modules of one kernel build, and the closure of what a list of them needs. Dependencies
 * come from each module's {@code .modinfo} section ({@code depends=}), because Debian's
 * linux-image package ships no modules.dep. Soft dependencies ({@code softdep=pre: ...}) are
 * needed too: the loader has no modprobe the kernel could ask for them later (ext4 mounts
 * nothing without the crc32c driver it names as {@code crypto-crc32c}); they name a module or,
 * usually, an alias of the crypto modules.
 */
public final class KernelModules {
    /** A module file, the modules it needs by name, and its {@code alias=} patterns (what it drives). */
    public record Module(String name, Path file, List<String> depends, List<String> aliases) {}

    private final Path dir;
    private final Map<String, Path> files;
    private final Set<String> builtin;
    private Map<String, List<String>> cryptoAliases;

    private KernelModules(Path dir, Map<String, Path> files, Set<String> builtin) {
        this.dir = dir;
        this.files = files;
        this.builtin = builtin;
    }

    /** Indexes {@code lib/modules/<release>}: every .ko (or .ko.xz) under kernel/, and modules.builtin. */
    public static KernelModules index(Path modulesDir) {
        Map<String, Path> files = new TreeMap<>();
        Set<String> builtin = new HashSet<>();
        try {
            Path kernel = modulesDir.resolve("kernel");
            if (Files.isDirectory(kernel)) {
                try (Stream<Path> s = Files.walk(kernel)) {
                    s.filter(p -> isModuleFile(p.getFileName().toString())).forEach(p -> files.put(nameOf(p), p));
                }
            }
            Path builtinList = modulesDir.resolve("modules.builtin");
            if (Files.exists(builtinList)) {
                for (String line : Files.readAllLines(builtinList)) {
                    if (!line.isBlank()) builtin.add(nameOf(Path.of(line.strip())));
                }
            }
        } catch (IOException e) {
            throw new BuildException("cannot index kernel modules in " + modulesDir + ": " + e.getMessage(), null, e);
        }
        return new KernelModules(modulesDir, files, builtin);
    }

    private static boolean isModuleFile(String file) {
        return file.endsWith(".ko") || file.endsWith(".ko.xz");
    }

    /** The name the kernel knows a module by: file name without extension, '-' as '_'. */
    static String nameOf(Path file) {
        String n = file.getFileName().toString();
        n = n.substring(0, n.indexOf(".ko"));
        return Modules.normalize(n);
    }


    /** Whether this kernel has the module, as a file or built in. */
    public boolean has(String name) {
        String n = Modules.normalize(name);
        return files.containsKey(n) || builtin.contains(n);
    }

    /** Whether the module is built into the kernel (nothing to carry or load). */
    public boolean isBuiltin(String name) {
        return builtin.contains(Modules.normalize(name));
    }

    /**
     * The modules to load for {@code names}, dependencies before the modules that need them,
     * each once. Modules built into the kernel are skipped; an unknown name is an error that
     * suggests close names.
     */
    public List<Module> resolve(List<String> names) {
        Map<String, Module> ordered = new LinkedHashMap<>();
        for (String n : names) visit(Modules.normalize(n), ordered, new ArrayList<>());
        return List.copyOf(ordered.values());
    }

    private void visit(String name, Map<String, Module> ordered, List<String> path) {
        if (ordered.containsKey(name) || builtin.contains(name)) return;
        if (path.contains(name)) {
            throw new BuildException("kernel modules depend on each other in a cycle: " + String.join(" -> ", path)
                    + " -> " + name, "check the modules in " + dir);
        }
        Path file = files.get(name);
        if (file == null) {
            List<String> close = files.keySet().stream().filter(k -> k.contains(name) || name.contains(k)).limit(8)
                    .toList();
            throw new BuildException("kernel module \"" + name + "\" is not in " + dir
                    + (path.isEmpty() ? "" : " (needed by " + path.getLast() + ")"),
                    close.isEmpty() ? "check the name in build.conf's modules=" : "did you mean: "
                            + String.join(", ", close));
        }
        ModInfo info = modInfo(file);
        List<String> depends = new ArrayList<>(info.depends());
        for (String soft : info.softPre()) {
            for (String m : provider(soft)) if (!depends.contains(m)) depends.add(m);
        }
        path.add(name);
        for (String d : depends) visit(d, ordered, path);
        path.removeLast();
        ordered.put(name, new Module(name, file, depends, info.aliases()));
    }

    /** What a module's .modinfo says about its dependencies and aliases. */
    record ModInfo(List<String> depends, List<String> softPre, List<String> aliases) {}

    static ModInfo modInfo(Path file) {
        List<String> depends = new ArrayList<>(), soft = new ArrayList<>(), aliases = new ArrayList<>();
        for (String entry : Elf.parse(bytes(file)).sectionStrings(".modinfo")) {
            if (entry.startsWith("depends=")) {
                for (String d : entry.substring("depends=".length()).split(",")) {
                    if (!d.isBlank()) depends.add(Modules.normalize(d.strip()));
                }
            } else if (entry.startsWith("softdep=")) {
                // "pre: a b post: c": only what must come before
                boolean pre = false;
                for (String word : entry.substring("softdep=".length()).strip().split("\\s+")) {
                    if (word.endsWith(":")) pre = word.equals("pre:");
                    else if (pre && !word.isEmpty()) soft.add(word);
                }
            } else if (entry.startsWith("alias=")) {
                aliases.add(entry.substring("alias=".length()));
            }
        }
        return new ModInfo(depends, soft, aliases);
    }

    /**
     * The modules a soft dependency names: a module of that name, else the crypto modules with
     * that alias, the generic implementation first-choice (an accelerated one can need a CPU
     * feature the machine lacks). Empty when nothing provides it (it may be built in).
     */
    private List<String> provider(String soft) {
        String name = Modules.normalize(soft);
        if (files.containsKey(name) || builtin.contains(name)) return List.of(name);
        List<String> found = cryptoAliases().getOrDefault(soft, List.of());
        List<String> generic = found.stream().filter(m -> m.endsWith("_generic")).toList();
        return generic.isEmpty() ? found : generic;
    }

    private Map<String, List<String>> cryptoAliases() {
        if (cryptoAliases == null) {
            cryptoAliases = new TreeMap<>();
            files.forEach((name, file) -> {
                if (!dir.relativize(file).toString().contains("crypto/")) return;
                for (String alias : modInfo(file).aliases()) {
                    cryptoAliases.computeIfAbsent(alias, a -> new ArrayList<>()).add(name);
                }
            });
        }
        return cryptoAliases;
    }

    /** A module's bytes, decompressed if the distribution compressed it. */
    static byte[] bytes(Path file) {
        try (InputStream in = file.toString().endsWith(".xz") ? new XZInputStream(Files.newInputStream(file))
                : Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BuildException("cannot read kernel module " + file + ": " + e.getMessage(), null, e);
        }
    }

    /** Where a module goes in the image: under /lib/modules/<release>/, as an uncompressed .ko. */
    public String imagePath(Module m, String release) {
        String rel = dir.relativize(m.file()).toString();
        if (rel.endsWith(".xz")) rel = rel.substring(0, rel.length() - 3);
        return "lib/modules/" + release + "/" + rel;
    }
}
