package lobos.build;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The jars lobos runs from (lobos.jar and lib/*.jar beside it), and what of them goes into the
 * boot image: not the libraries only a host uses (the manager node's, the image builder's zstd
 * encoder), which lobos.jar's manifest names in {@value #HOST_ONLY} (the pom's
 * {@code lobos.host-only}), nor the manager's own classes ({@value #SERVER_PACKAGE}); the loader
 * never runs {@code lobos server} or {@code lobos mkimage}.
 */
public final class LobosJars {
    /** The manifest attribute listing the artifactIds of the jars only lobos on a host uses. */
    public static final String HOST_ONLY = "Lobos-Host-Only";
    /** The manager's classes in lobos.jar, which the image's copy leaves out. */
    public static final String SERVER_PACKAGE = "lobos/server/";

    private LobosJars() {}

    /** lobos.jar first, then the libraries the image carries, in name order (the class path order in the image). */
    public static List<Path> locate() {
        Path jar = ownJar();
        List<Path> jars = new ArrayList<>(List.of(jar));
        Set<String> hostOnly = hostOnly(jar);
        Path lib = jar.resolveSibling("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> s = Files.list(lib)) {
                s.filter(p -> p.toString().endsWith(".jar") && !isHostOnly(p.getFileName().toString(), hostOnly)).sorted()
                        .forEach(jars::add);
            } catch (IOException e) {
                throw new BuildException("cannot list " + lib + ": " + e.getMessage(), null, e);
            }
        }
        return jars;
    }

    /** The artifactIds lobos.jar's manifest lists in {@value #HOST_ONLY}. */
    static Set<String> hostOnly(Path lobosJar) {
        try (JarFile in = new JarFile(lobosJar.toFile())) {
            Manifest m = in.getManifest();
            String list = m == null ? null : m.getMainAttributes().getValue(HOST_ONLY);
            return list == null ? Set.of() : Set.of(list.strip().split("\\s+"));
        } catch (IOException e) {
            throw new BuildException("cannot read " + lobosJar + ": " + e.getMessage(), null, e);
        }
    }

    /** Whether a jar named ARTIFACT-VERSION.jar is one of {@code artifactIds}. */
    static boolean isHostOnly(String jarName, Set<String> artifactIds) {
        for (String a : artifactIds) {
            if (jarName.startsWith(a + "-") && jarName.length() > a.length() + 1 && Character.isDigit(jarName.charAt(a.length() + 1))) {
                return true;
            }
        }
        return false;
    }

    /** Copies lobos.jar into the image without the manager's classes (and without seals). */
    public static void copyLobosJar(Path jar, Path dest) throws IOException {
        copy(jar, dest, name -> !name.startsWith(SERVER_PACKAGE));
    }

    /**
     * Copies a jar into the image without the manifest's {@code Sealed} attributes. With a
     * startup cache, the JDK 25 JVM defines an archived class's package without its seal, and
     * the next class loaded from the jar then fails with "sealing violation" (xz-1.10.jar is
     * sealed). On the image's fixed, read-only class path sealing protects nothing. Other
     * jars are copied byte for byte; a rewritten one keeps its entries' order and times.
     */
    public static void copyUnsealed(Path jar, Path dest) throws IOException {
        copy(jar, dest, name -> true);
    }

    /**
     * Copies a jar as {@link #copyUnsealed} does, with only the entries named in {@code keep}
     * (a directory entry stays when it holds a kept entry; the manifest always). A jar that
     * loses nothing is copied byte for byte.
     */
    public static void copy(Path jar, Path dest, Set<String> keep) throws IOException {
        copy(jar, dest, name -> keep.contains(name) || (name.endsWith("/") && keep.stream().anyMatch(k -> k.startsWith(name))));
    }

    /** Copies a jar without its seals and with only the entries {@code keep} accepts; byte for byte when nothing changes. */
    private static void copy(Path jar, Path dest, Predicate<String> keep) throws IOException {
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest manifest = in.getManifest();
            List<JarEntry> entries = new ArrayList<>();
            for (JarEntry e : Collections.list(in.entries())) {
                if (!e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME) && keep.test(e.getName())) entries.add(e);
            }
            boolean dropped = entries.size() < in.size() - (in.getJarEntry(JarFile.MANIFEST_NAME) != null ? 1 : 0);
            boolean sealed = manifest != null && removeSeals(manifest);
            if (!sealed && !dropped) {
                Files.copy(jar, dest);
                return;
            }
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(dest))) {
                if (manifest != null) {
                    JarEntry m = new JarEntry(JarFile.MANIFEST_NAME);
                    JarEntry original = in.getJarEntry(JarFile.MANIFEST_NAME);
                    if (original != null) m.setTime(original.getTime());
                    out.putNextEntry(m);
                    manifest.write(out);
                    out.closeEntry();
                }
                for (JarEntry e : entries) {
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
