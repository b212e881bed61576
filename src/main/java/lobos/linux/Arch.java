package lobos.linux;

import java.util.Locale;

/** The CPU architectures lobos runs on, with the system call numbers that differ between them. */
public enum Arch {
    X86_64(320, 246, 169, 313, 165, 166),
    ARM64(294, 104, 142, 273, 40, 39);

    final long kexecFileLoad;
    final long kexecLoad;
    final long reboot;
    final long finitModule;
    final long mount;
    final long umount2;

    Arch(long kexecFileLoad, long kexecLoad, long reboot, long finitModule, long mount, long umount2) {
        this.kexecFileLoad = kexecFileLoad;
        this.kexecLoad = kexecLoad;
        this.reboot = reboot;
        this.finitModule = finitModule;
        this.mount = mount;
        this.umount2 = umount2;
    }

    /** The architecture of this JVM, from {@code os.arch}. */
    public static Arch current() {
        return fromName(System.getProperty("os.arch"));
    }

    /** Maps names as Java, uname and Debian spell them (amd64, x86_64, aarch64, arm64). */
    public static Arch fromName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> X86_64;
            case "aarch64", "arm64" -> ARM64;
            default -> throw new lobos.LobosException("unsupported architecture: " + name,
                    "lobos runs on x86_64 and arm64");
        };
    }
}
