package lobos.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A trimmed Java runtime made with jlink from the JDK lobos runs on. */
final class JavaRuntime {
    /**
     * Files of a jlink'd runtime the loader never uses: the tools of java.base and java.rmi, the
     * jrt file system for other JDKs, the launcher of executable jars, the JDK's own class list
     * for its default archive (the startup cache uses the training run's).
     */
    static final List<String> UNUSED_FILES = List.of("/bin/keytool", "/bin/rmiregistry", "/lib/jrt-fs.jar",
            "/lib/jexec", "/lib/classlist");

    private JavaRuntime() {}

    /** The JDK that runs this build: its jlink makes the runtime, so the image has the same Java. */
    static Path jdk() {
        return Path.of(System.getProperty("java.home"));
    }

    /**
     * Links {@code modules} into {@code dest}, without the {@link #UNUSED_FILES}. No jlink
     * --compress: an xz'd cpio of the plain runtime is smaller than one of a compressed runtime
     * (measured, see docs/performance.md).
     */
    static void link(List<String> modules, Path dest) {
        Path jlink = jdk().resolve("bin/jlink");
        HostCommand.run(null, List.of(jlink.toString(), "--add-modules", String.join(",", modules), "--output",
                dest.toString(), "--strip-debug", "--no-header-files", "--no-man-pages", "--exclude-files",
                String.join(",", UNUSED_FILES.stream().map(f -> "**" + f).toList())),
                "jlink comes with the JDK that runs lobos (" + jdk() + "); check the module names in java-modules=");
    }

    /**
     * Removes the symbol tables of the runtime's native files with binutils' strip
     * ({@code --strip-unneeded}: what dynamic linking needs stays): libjvm.so alone loses 5 MB of
     * its 30. Symbols only serve a debugger and the JVM's crash reports. Returns false, changing
     * nothing, when the host has no {@code strip}.
     */
    static boolean strip(Path runtime) throws IOException {
        Path strip = Stream.of("/usr/bin/strip", "/bin/strip").map(Path::of).filter(Files::isExecutable).findFirst()
                .orElse(null);
        if (strip == null) return false;
        List<String> cmd = new ArrayList<>(List.of(strip.toString(), "--strip-unneeded"));
        try (Stream<Path> s = Files.walk(runtime)) {
            s.filter(p -> Files.isRegularFile(p) && !Files.isSymbolicLink(p))
                    .filter(p -> p.getFileName().toString().endsWith(".so") || p.getParent().endsWith("bin")
                            || p.getFileName().toString().equals("jspawnhelper"))
                    .sorted().forEach(p -> cmd.add(p.toString()));
        }
        HostCommand.run(null, cmd, "binutils' strip failed on the Java runtime's native files");
        return true;
    }
}
