package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import lobos.build.BootImageBuilder;
import lobos.build.DebianKernel;
import lobos.build.KernelModules;
import lobos.build.KernelTree;
import org.junit.jupiter.api.Test;

/**
 * Module dependencies of Debian's current kernel, resolved by lobos, against the closure the
 * test computes from {@code readelf -p .modinfo} (binutils), an independent reader: every
 * {@code depends=}, and every {@code softdep=pre:} name found as an alias of a crypto module
 * (the generic implementation when there is one).
 */
class KernelModulesIT {
    private static final List<String> WANTED = List.of("virtio_net", "virtio_blk", "ext4", "vfat", "nfs");

    @Test
    void closureAndOrderMatchTheModulesOwnDependencies() throws Exception {
        KernelTree kernel = DebianKernel.fetch(BootImageBuilder.defaultCache().resolve("debian"), "amd64",
                System.out::println);
        List<KernelModules.Module> resolved = KernelModules.index(kernel.modulesDir()).resolve(WANTED);
        List<String> names = resolved.stream().map(KernelModules.Module::name).toList();

        Set<String> builtin = new HashSet<>();
        for (String line : Files.readAllLines(kernel.modulesDir().resolve("modules.builtin"))) {
            builtin.add(fileName(line));
        }
        Set<String> expected = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(WANTED);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (builtin.contains(name) || !expected.add(name)) continue;
            Path file = find(kernel.modulesDir(), name);
            todo.addAll(readelf(file, "depends="));
            for (String soft : readelf(file, "softdep=")) todo.addAll(cryptoProviders(kernel.modulesDir(), soft));
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected).doesNotHaveDuplicates();
        // Every module comes after the modules it depends on.
        for (KernelModules.Module m : resolved) {
            for (String d : m.depends()) {
                if (!builtin.contains(d)) assertThat(names.indexOf(d)).as(m.name() + " needs " + d).isLessThan(names.indexOf(m.name()));
            }
        }
        assertThat(names).contains("virtio", "virtio_ring", "failover", "net_failover", "jbd2", "mbcache", "fat",
                "crc32c_generic");
    }

    /**
     * The alias index matches as modprobe does: for real modaliases (this host's devices, QEMU's,
     * and one made from every 40th alias of the kernel's), lobos's index of every module's aliases
     * names the same modules as kmod's {@code modprobe --resolve-alias} on a depmod of the same
     * kernel (modules built into the kernel left out: lobos carries only module files; strings that
     * name a module are no modaliases, and modprobe takes them as that module).
     */
    @Test
    void aliasIndexAgreesWithModprobe(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        KernelTree kernel = DebianKernel.fetch(BootImageBuilder.defaultCache().resolve("debian"), "amd64",
                System.out::println);
        List<String> names;
        try (Stream<Path> s = Files.walk(kernel.modulesDir().resolve("kernel"))) {
            names = s.filter(p -> p.getFileName().toString().contains(".ko")).map(p -> fileName(p.toString())).sorted().toList();
        }
        List<String> lines = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (KernelModules.Module m : KernelModules.index(kernel.modulesDir()).resolve(names)) {
            for (String alias : m.aliases()) {
                String line = lobos.linux.ModuleAliases.line(alias, m.name());
                if (line != null) lines.add(line);
                patterns.add(alias);
            }
        }
        lobos.linux.ModuleAliases index = lobos.linux.ModuleAliases.parse(lines);
        assertThat(index.size()).isGreaterThan(20000);

        // kmod's own index of the same modules, built without touching the host's /lib/modules
        Path root = tmp.resolve("root");
        Path modules = Files.createDirectories(root.resolve("lib/modules").resolve(kernel.release()));
        run("cp", "-as", kernel.modulesDir().toAbsolutePath() + "/.", modules.toString());
        run("depmod", "-b", root.toString(), kernel.release());
        Set<String> builtin = new HashSet<>();
        for (String line : Files.readAllLines(kernel.modulesDir().resolve("modules.builtin"))) builtin.add(fileName(line));

        Set<String> modaliases = new java.util.TreeSet<>(List.of(
                "pci:v00001AF4d00001042sv00001AF4sd00001100bc01sc00i00", "pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00",
                "virtio:d00000001v00001AF4", "virtio:d00000002v00001AF4", "virtio:d00000008v00001AF4",
                "pci:v00001B36d0000000Dsv00001AF4sd00001100bc0Csc03i30", "pci:v00008086d000024CDsv00001AF4sd00001100bc0Csc03i20",
                "pci:v00008086d00002934sv00001AF4sd00001100bc0Csc03i00", "pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01",
                "pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00", "pci:v00008086d000010D3sv00001AF4sd00001100bc02sc00i00",
                "pci:v00001B36d00000010sv00001AF4sd00001100bc01sc08i02", "pci:v000010ECd00008139sv00001AF4sd00001100bc02sc00i00",
                "usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00", "usb:v0627p0001d0000dc00dsc00dp00ic03isc01ip01in00",
                "hid:b0003g0001v00000627p00000001", "scsi:t-0x00", "scsi:t-0x05", "acpi:PNP0303:", "platform:serial8250"));
        try (Stream<Path> s = Files.list(Path.of("/sys/bus"))) {
            for (Path bus : s.toList()) {
                if (!Files.isDirectory(bus.resolve("devices"))) continue;
                try (Stream<Path> devices = Files.list(bus.resolve("devices"))) {
                    for (Path d : devices.toList()) {
                        Path m = d.resolve("modalias");
                        if (Files.isReadable(m)) modaliases.add(Files.readString(m).strip());
                    }
                }
            }
        }
        for (int i = 0; i < patterns.size(); i += 40) modaliases.add(instance(patterns.get(i)));
        modaliases.remove("");
        // modprobe takes a module's own name as that module, before any alias: no modalias is one
        modaliases.removeIf(m -> names.contains(lobos.linux.Modules.normalize(m)) || builtin.contains(m));

        int matched = 0;
        for (String modalias : modaliases) {
            Set<String> expected = new java.util.TreeSet<>();
            for (String line : run("modprobe", "-C", "/dev/null", "-d", root.toString(), "-S", kernel.release(), "--dry-run",
                    "--resolve-alias", modalias).split("\n")) {
                if (!line.isBlank() && !builtin.contains(line.strip())) expected.add(line.strip());
            }
            assertThat(new java.util.TreeSet<>(index.modulesFor(modalias))).as(modalias).isEqualTo(expected);
            if (!expected.isEmpty()) matched++;
        }
        assertThat(matched).as("modaliases some module drives").isGreaterThan(modaliases.size() / 2);
    }

    /** A string the pattern matches: '*' as "0", '?' as "Z", a bracket as its first member. */
    private static String instance(String pattern) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') out.append('0');
            else if (c == '?') out.append('Z');
            else if (c == '[' && pattern.indexOf(']', i) > i + 1 && pattern.charAt(i + 1) != '!' && pattern.charAt(i + 1) != '^') {
                out.append(pattern.charAt(i + 1));
                i = pattern.indexOf(']', i);
            } else out.append(c);
        }
        return out.toString().replace(" ", "");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        // modprobe --resolve-alias exits 1 when nothing matches
        if (rc != 0 && !(command[0].equals("modprobe") && rc == 1 && out.isBlank())) {
            throw new AssertionError(String.join(" ", command) + " exited " + rc + ": " + err);
        }
        return out;
    }

    /** Every driver of modules = auto is a module of Debian's kernel (none is missing or built in). */
    @Test
    void autoDriversAreModulesOfDebiansKernel() throws Exception {
        KernelTree kernel = DebianKernel.fetch(BootImageBuilder.defaultCache().resolve("debian"), "amd64",
                System.out::println);
        KernelModules index = KernelModules.index(kernel.modulesDir());
        for (String name : lobos.build.AutoModules.names()) {
            assertThat(index.has(name) && !index.isBuiltin(name)).as(name).isTrue();
        }
        List<KernelModules.Module> resolved = index.resolve(lobos.build.AutoModules.names());
        assertThat(resolved).extracting(KernelModules.Module::name).contains("usbcore", "scsi_mod", "libata", "virtio");
    }

    private static String fileName(String path) {
        String n = Path.of(path.strip()).getFileName().toString();
        return n.substring(0, n.indexOf(".ko")).replace('-', '_');
    }

    private static Path find(Path modulesDir, String name) throws Exception {
        try (Stream<Path> s = Files.walk(modulesDir.resolve("kernel"))) {
            return s.filter(p -> p.getFileName().toString().contains(".ko") && fileName(p.toString()).equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no module file for " + name));
        }
    }

    /** The values of a .modinfo key as readelf prints them: depends= split at commas, softdep= pre names. */
    private static List<String> readelf(Path ko, String key) throws Exception {
        Process p = new ProcessBuilder("readelf", "-p", ".modinfo", ko.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        List<String> values = new ArrayList<>();
        for (String line : out.split("\n")) {
            int at = line.indexOf(key);
            if (at < 0) continue;
            String value = line.substring(at + key.length()).strip();
            if (key.equals("depends=")) {
                for (String d : value.split(",")) if (!d.isBlank()) values.add(d.replace('-', '_'));
            } else if (value.startsWith("pre:")) {
                for (String w : value.substring(4).strip().split("\\s+")) {
                    if (w.equals("post:")) break;
                    values.add(w);
                }
            } else {
                values.add(value);
            }
        }
        return values;
    }

    private static List<String> cryptoProviders(Path modulesDir, String alias) throws Exception {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(modulesDir.resolve("kernel"))) {
            for (Path ko : s.filter(p -> p.toString().contains("crypto/") && p.toString().contains(".ko")).toList()) {
                if (readelf(ko, "alias=").contains(alias)) found.add(fileName(ko.toString()));
            }
        }
        List<String> generic = found.stream().filter(n -> n.endsWith("_generic")).toList();
        return generic.isEmpty() ? found : generic;
    }
}
