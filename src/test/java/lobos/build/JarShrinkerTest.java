package lobos.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarShrinkerTest {
    @TempDir
    Path dir;

    @Test
    void keepsWhatLobosReachesByReferenceNameOrServiceFileAndDropsTheRest() throws Exception {
        // lobos.jar: app/Main has a field of type lib/Used and a string naming lib.ByName
        Path app = jar("lobos.jar", Map.of(
                "app/Main.class", clazz("app/Main", "lib/Used", "lib.ByName"),
                "app/Other.class", clazz("app/Other", null, null)));
        Path lib = jar("lib.jar", Map.of(
                "lib/Used.class", clazz("lib/Used", "lib/Transitive", null),
                "lib/Transitive.class", clazz("lib/Transitive", null, null),
                "lib/ByName.class", clazz("lib/ByName", null, null),
                "lib/Service.class", clazz("lib/Service", null, null),
                "lib/Unused.class", clazz("lib/Unused", "lib/AlsoUnused", null),
                "lib/AlsoUnused.class", clazz("lib/AlsoUnused", null, null),
                "META-INF/versions/11/lib/Used.class", clazz("lib/Used", null, null),
                "META-INF/services/lib.Api", "lib.Service\n".getBytes(),
                "native/linux-amd64/libthing.so", new byte[] {0x7f, 'E', 'L', 'F'},
                "lib/messages.properties", "x=y\n".getBytes()));
        Path unused = jar("unused.jar", Map.of("other/X.class", clazz("other/X", null, null)));

        var keep = JarShrinker.keep(List.of(app, lib, unused));

        assertThat(keep.get(app)).contains("app/Main.class", "app/Other.class");
        assertThat(keep.get(lib)).containsExactlyInAnyOrder("lib/Used.class", "lib/Transitive.class", "lib/ByName.class",
                "lib/Service.class", "META-INF/versions/11/lib/Used.class", "META-INF/services/lib.Api",
                "lib/messages.properties");
        assertThat(keep.get(unused)).isEmpty();

        Path copy = dir.resolve("copy.jar");
        LobosJars.copy(lib, copy, keep.get(lib));
        try (JarFile in = new JarFile(copy.toFile())) {
            assertThat(in.getJarEntry("lib/Unused.class")).isNull();
            assertThat(in.getJarEntry("native/linux-amd64/libthing.so")).isNull();
            assertThat(in.getInputStream(in.getJarEntry("lib/ByName.class")).readAllBytes())
                    .isEqualTo(clazz("lib/ByName", null, null));
        }
        Path again = dir.resolve("again.jar");
        LobosJars.copy(lib, again, keep.get(lib));
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(copy));
    }

    @Test
    void namesComeFromDescriptorsSignaturesAndDottedStrings() {
        assertThat(JarShrinker.names("(Lorg/a/B;[[Lorg/c/D;I)Ljava/util/List<Lorg/e/F$G;>;"))
                .contains("org/a/B", "org/c/D", "java/util/List", "org/e/F$G");
        assertThat(JarShrinker.names("org.x.One,org.x.Two")).contains("org/x/One", "org/x/Two");
        assertThat(JarShrinker.names("class = org.jline.terminal.impl.ffm.FfmTerminalProvider"))
                .contains("org/jline/terminal/impl/ffm/FfmTerminalProvider");
    }

    /** A class with an optional field of type {@code fieldType} and an optional string constant. */
    private static byte[] clazz(String name, String fieldType, String constant) {
        return ClassFile.of().build(ClassDesc.ofInternalName(name), cb -> {
            if (fieldType != null) cb.withField("f", ClassDesc.ofInternalName(fieldType), 0);
            if (constant != null) {
                cb.withMethod("m", MethodTypeDesc.of(ConstantDescs.CD_Object), ClassFile.ACC_STATIC,
                        mb -> mb.withCode(code -> code.ldc(constant).areturn()));
            }
        });
    }

    private Path jar(String name, Map<String, byte[]> entries) throws Exception {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                JarEntry entry = new JarEntry(e.getKey());
                entry.setTime(0);
                out.putNextEntry(entry);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }
}
