package lobos.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Makes the JVM start faster in the image with a class data archive from a training run
 * ({@code lobos train}, which walks the code paths the loader takes at boot).
 *
 * <p>{@link #APPCDS} dumps a static archive from the run's class list, sorted and without the
 * constant-pool lines whose content varies from run to run, so two builds give the same bytes.
 * {@link #AOT} makes a JDK AOT cache (JEP 483/514), which also stores linked classes and
 * profiles but differs from build to build in JDK 25. Under QEMU's TCG both start lobos in
 * about the same time (docs/boot-image.md), so reproducibility wins by default.
 */
enum StartupCache {
    APPCDS("lobos.jsa"),
    AOT("lobos.aot");

    private final String file;

    StartupCache(String file) {
        this.file = file;
    }

    /** The cache for a build.conf value, null for "none". */
    static StartupCache of(String name) {
        return name.equals("none") ? null : valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * Trains in the staged image home (runtime in {@code home/jre}) and returns the JVM options
     * that use the result in the image. The archive records the class path as given, so both
     * runs use the image's relative one ({@link BootImageBuilder#CLASS_PATH}) from the stage
     * root, as /init does from "/": the archive then does not depend on where it was built.
     */
    List<String> create(Path home, String cp, List<String> jvmOptions, Path kernel, Path configDir)
            throws IOException {
        Path java = home.resolve("jre/bin/java");
        Path root = home.getParent();
        Path classList = home.resolveSibling("classes.lst");
        Path out = home.resolve(file);
        List<String> train = new ArrayList<>(List.of(java.toString()));
        train.addAll(jvmOptions);
        train.add(this == AOT ? "-XX:AOTCacheOutput=" + out : "-XX:DumpLoadedClassList=" + classList);
        train.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", cp, "lobos.cli.Main", "train", "--kernel",
                kernel.toString(), "--config", configDir.toString()));
        HostCommand.run(root, train, "the training run runs lobos itself; its output above says what failed");
        if (this == APPCDS) {
            Files.write(classList, stableClassList(Files.readAllLines(classList)));
            List<String> dump = new ArrayList<>(List.of(java.toString()));
            dump.addAll(jvmOptions);
            // Properties that shape the module graph must match the runtime's, or the JVM drops
            // the archived module graph at boot ("Mismatched values for property ...").
            dump.addAll(List.of("-Xshare:dump", "--enable-native-access=ALL-UNNAMED",
                    "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + out, "-cp", cp));
            HostCommand.run(root, dump, "the JVM could not dump the class data archive");
            Files.delete(classList);
        }
        String option = this == AOT ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
        return List.of(option + "/" + BootImageBuilder.HOME + "/" + file);
    }

    /**
     * The class list with what varies between runs taken out: classes sorted by name (loading
     * order depends on thread timing) without their ids, and no {@code @cp} lines.
     */
    static List<String> stableClassList(List<String> lines) {
        TreeSet<String> classes = new TreeSet<>();
        TreeSet<String> lambdas = new TreeSet<>();
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank() || line.startsWith("@cp ")) continue;
            if (line.startsWith("@lambda-proxy ") || line.startsWith("@lambda-form-invoker ")) {
                lambdas.add(line);
            } else if (!line.startsWith("@") && !line.contains(" super: ") && !line.contains(" source: ")) {
                classes.add(line.replaceFirst(" id: \\d+$", ""));
            }
        }
        List<String> out = new ArrayList<>(classes);
        out.addAll(lambdas);
        return out;
    }
}
