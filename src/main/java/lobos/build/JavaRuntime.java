package lobos.build;

import java.nio.file.Path;
import java.util.List;

/** A trimmed Java runtime made with jlink from the JDK lobos runs on. */
final class JavaRuntime {
    private JavaRuntime() {}

    /** The JDK that runs this build: its jlink makes the runtime, so the image has the same Java. */
    static Path jdk() {
        return Path.of(System.getProperty("java.home"));
    }

    /**
     * Links {@code modules} into {@code dest}. No jlink --compress: an xz'd cpio of the plain
     * runtime is smaller than one of a compressed runtime (measured, see docs/boot-image.md).
     */
    static void link(List<String> modules, Path dest) {
        Path jlink = jdk().resolve("bin/jlink");
        HostCommand.run(null, List.of(jlink.toString(), "--add-modules", String.join(",", modules), "--output",
                dest.toString(), "--strip-debug", "--no-header-files", "--no-man-pages"),
                "jlink comes with the JDK that runs lobos (" + jdk() + "); check the module names in java-modules=");
    }
}
