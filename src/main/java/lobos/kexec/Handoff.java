package lobos.kexec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the running system gets out of the way of the loaded kernel. */
public enum Handoff {
    /** lobos is PID 1 (the boot loader): flush, unmount what holds data, reboot into the kernel. */
    INIT,
    /** systemd is PID 1: {@code systemctl kexec} stops services, unmounts, then starts the loaded kernel. */
    SYSTEMD,
    /** Another init: lobos flushes, unmounts (or remounts read-only) and reboots into the kernel itself. */
    DIRECT;

    public static Handoff detect() {
        if (ProcessHandle.current().pid() == 1) return INIT;
        try {
            if (Files.readString(Path.of("/proc/1/comm")).strip().equals("systemd")) return SYSTEMD;
        } catch (IOException e) {
            // no /proc: fall through to the direct way
        }
        return DIRECT;
    }
}
