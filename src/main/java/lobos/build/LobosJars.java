package lobos.build;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The jars lobos runs from (lobos.jar and lib/*.jar beside it), which go into the boot image. */
public final class LobosJars {
    private LobosJars() {}

    /** lobos.jar first, then the libraries in name order (the class path order in the image). */
    public static List<Path> locate() {
        Path jar = ownJar();
        List<Path> jars = new ArrayList<>(List.of(jar));
        Path lib = jar.resolveSibling("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> s = Files.list(lib)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                throw new BuildException("cannot list " + lib + ": " + e.getMessage(), null, e);
            }
        }
        return jars;
    }

    /**
     * Copies a jar into the image without the manifest's {@code Sealed} attributes. With a
     * startup cache, the JDK 25 JVM defines an archived class's package without its seal, and
     * the next class loaded from the jar then fails with "sealing violation" (xz-1.10.jar is
     * sealed). On the image's fixed, read-only class path sealing protects nothing. Other
     * jars are copied byte for byte; a rewritten one keeps its entries' order and times.
     */
    public static void copyUnsealed(Path jar, Path dest) throws IOException {
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest manifest = in.getManifest();
            if (manifest == null || !removeSeals(manifest)) {
                Files.copy(jar, dest);
                return;
            }
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(dest))) {
                JarEntry m = new JarEntry(JarFile.MANIFEST_NAME);
                JarEntry original = in.getJarEntry(JarFile.MANIFEST_NAME);
                if (original != null) m.setTime(original.getTime());
                out.putNextEntry(m);
                manifest.write(out);
                out.closeEntry();
                for (JarEntry e : Collections.list(in.entries())) {
                    if (e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) continue;
                    JarEntry copy = new JarEntry(e.getName());
                    copy.setTime(e.getTime());
                    out.putNextEntry(copy);
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    private static boolean removeSeals(Manifest manifest) {
        boolean removed = manifest.getMainAttributes().remove(Attributes.Name.SEALED) != null;
        for (Attributes a : manifest.getEntries().values()) removed |= a.remove(Attributes.Name.SEALED) != null;
        return removed;
    }

    private static Path ownJar() {
        String property = System.getProperty("lobos.jar");
        Path jar;
        if (property != null) {
            jar = Path.of(property);
        } else {
            try {
                jar = Path.of(LobosJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException | NullPointerException e) {
                jar = Path.of("unknown");
            }
        }
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            throw new BuildException("lobos is not running from its jar (" + jar + "), so there is nothing to put "
                    + "in the image", "build it first: ./mvnw -DskipTests package (./lobos does this for you)");
        }
        return jar.toAbsolutePath();
    }
}
