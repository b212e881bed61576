package lobos.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupCacheTest {
    @Test
    void classListIsSortedWithoutIdsConstantPoolLinesOrSealedPackages() {
        List<String> list = StartupCache.stableClassList(List.of(
                "# NOTE: Do not modify this file.",
                "java/lang/Object id: 0",
                "picocli/CommandLine id: 7",
                "org/tukaani/xz/XZInputStream id: 9",
                "lobos/cli/Main id: 3",
                "@cp picocli/CommandLine 3 5 8",
                "@lambda-proxy org/tukaani/xz/X run ()V",
                "@lambda-proxy lobos/cli/Main call ()V",
                "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.Invokers$Holder linkToTargetMethod L_L",
                "java/lang/Object id: 0"), Set.of("org/tukaani/xz"));
        assertThat(list).containsExactly("java/lang/Object", "lobos/cli/Main", "picocli/CommandLine",
                "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.Invokers$Holder linkToTargetMethod L_L",
                "@lambda-proxy lobos/cli/Main call ()V");
    }

    @Test
    void findsPackagesSealedByTheWholeJarOrPerPackage(@TempDir Path home) throws Exception {
        Manifest all = new Manifest();
        all.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        all.getMainAttributes().put(Attributes.Name.SEALED, "true");
        jar(home.resolve("lib/sealed.jar"), all, "org/a/A.class", "META-INF/versions/9/org/b/B.class");
        Manifest some = new Manifest();
        some.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Attributes c = new Attributes();
        c.put(Attributes.Name.SEALED, "true");
        some.getEntries().put("org/c/", c);
        jar(home.resolve("lib/partly.jar"), some, "org/c/C.class", "org/d/D.class");
        assertThat(StartupCache.sealedPackages(home)).containsExactly("org/a", "org/b", "org/c");
    }

    private static void jar(Path file, Manifest manifest, String... entries) throws Exception {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (String e : entries) {
                jar.putNextEntry(new JarEntry(e));
                jar.write(new byte[] {(byte) 0xca, (byte) 0xfe});
                jar.closeEntry();
            }
        }
    }
}
