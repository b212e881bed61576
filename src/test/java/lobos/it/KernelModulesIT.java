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
