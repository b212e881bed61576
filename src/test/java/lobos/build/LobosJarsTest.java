package lobos.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LobosJarsTest {
    @TempDir
    Path dir;

    @Test
    void sealedJarLosesItsSealsButKeepsEverythingElse() throws Exception {
        Manifest m = manifest();
        m.getMainAttributes().put(Attributes.Name.SEALED, "true");
        Attributes pkg = new Attributes();
        pkg.put(Attributes.Name.SEALED, "true");
        pkg.putValue("Implementation-Title", "kept");
        m.getEntries().put("org/a/", pkg);
        Path jar = jar("sealed.jar", m);
        Path copy = dir.resolve("copy.jar");
        LobosJars.copyUnsealed(jar, copy);
        try (JarFile in = new JarFile(copy.toFile()); JarFile orig = new JarFile(jar.toFile())) {
            Manifest out = in.getManifest();
            assertThat(out.getMainAttributes().getValue(Attributes.Name.SEALED)).isNull();
            assertThat(out.getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
            assertThat(out.getAttributes("org/a/").getValue(Attributes.Name.SEALED)).isNull();
            assertThat(out.getAttributes("org/a/").getValue("Implementation-Title")).isEqualTo("kept");
            assertThat(in.getInputStream(in.getJarEntry("org/a/A.class")).readAllBytes()).containsExactly(0xca, 0xfe);
            assertThat(in.getJarEntry("org/a/A.class").getTime()).isEqualTo(orig.getJarEntry("org/a/A.class").getTime());
        }
        Path again = dir.resolve("again.jar");
        LobosJars.copyUnsealed(jar, again);
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(copy));
    }

    @Test
    void unsealedJarIsCopiedByteForByte() throws Exception {
        Path jar = jar("plain.jar", manifest());
        Path copy = dir.resolve("copy.jar");
        LobosJars.copyUnsealed(jar, copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(jar));
    }

    private static Manifest manifest() {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Multi-Release", "true");
        return m;
    }

    private Path jar(String name, Manifest manifest) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            JarEntry e = new JarEntry("org/a/A.class");
            e.setTime(1_000_000_000_000L);
            jar.putNextEntry(e);
            jar.write(new byte[] {(byte) 0xca, (byte) 0xfe});
            jar.closeEntry();
        }
        return file;
    }

    @Test
    void theManagersJarsAndClassesStayOutOfTheImage() throws Exception {
        var hostOnly = java.util.Set.of("sqlite-jdbc", "postgresql", "undertow-core");
        assertThat(LobosJars.isHostOnly("sqlite-jdbc-3.53.4.0.jar", hostOnly)).isTrue();
        assertThat(LobosJars.isHostOnly("undertow-core-2.3.26.Final.jar", hostOnly)).isTrue();
        assertThat(LobosJars.isHostOnly("postgresql-42.7.13.jar", hostOnly)).isTrue();
        assertThat(LobosJars.isHostOnly("sqlite-jdbc-extras-1.0.jar", hostOnly)).isFalse();
        assertThat(LobosJars.isHostOnly("picocli-4.7.7.jar", hostOnly)).isFalse();
        Manifest m = manifest();
        m.getMainAttributes().putValue(LobosJars.HOST_ONLY, "sqlite-jdbc postgresql");
        Path lobos = dir.resolve("lobos.jar");
        try (OutputStream out = Files.newOutputStream(lobos); JarOutputStream jar = new JarOutputStream(out, m)) {
            for (String name : java.util.List.of("lobos/cli/Main.class", "lobos/server/Manager.class", "lobos/server/dhcp/Lease.class")) {
                jar.putNextEntry(new JarEntry(name));
                jar.write(1);
                jar.closeEntry();
            }
        }
        assertThat(LobosJars.hostOnly(lobos)).containsExactlyInAnyOrder("sqlite-jdbc", "postgresql");
        Path copy = dir.resolve("image-lobos.jar");
        LobosJars.copyLobosJar(lobos, copy);
        try (JarFile in = new JarFile(copy.toFile())) {
            assertThat(in.stream().map(JarEntry::getName)).containsExactly("META-INF/MANIFEST.MF", "lobos/cli/Main.class");
        }
    }
}
