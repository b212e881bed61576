package lobos.build;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
