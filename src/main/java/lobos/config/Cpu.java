package lobos.config;

import java.util.Locale;

/** The CPU names boot loaders use (GRUB's {@code $grub_cpu}, iPXE's {@code ${buildarch}}). */
public final class Cpu {
    private Cpu() {}

    /** {@code x86_64}, {@code i386}, {@code arm64} for a Java {@code os.arch}; anything else as it is. */
    public static String name(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "x86", "i386", "i486", "i586", "i686" -> "i386";
            case "aarch64", "arm64" -> "arm64";
            default -> osArch;
        };
    }

    /** The CPU this JVM runs on. */
    public static String here() {
        return name(System.getProperty("os.arch", ""));
    }
}
