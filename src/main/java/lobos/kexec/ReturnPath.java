package lobos.kexec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * OSKit NetBoot's return, for Linux: a booted system whose next reboot goes back to the lobos
 * loader through kexec instead of the firmware. {@link #install} keeps the loader in
 * /boot/lobos and adds two pieces to systemd:
 * <ul>
 * <li>{@code lobos-return.service}: at every boot, loads the loader with kexec_file_load (so
 *     that {@code systemctl kexec} starts it too);</li>
 * <li>a system-shutdown hook ({@code /usr/lib/systemd/system-shutdown/lobos-return}): systemd
 *     runs it after every service has stopped and every file system is unmounted or read-only,
 *     just before it would reset the machine; on a reboot with a kernel loaded it starts that
 *     kernel instead ({@code lobos boot --force}: the loaded kernel at once, no systemd asked,
 *     as everything is stopped by then). A power-off stays a power-off.</li>
 * </ul>
 */
public final class ReturnPath {
    static final String UNIT = "lobos-return.service";
    static final String HOOK = "usr/lib/systemd/system-shutdown/lobos-return";

    /** The installed loader: its kernel and initramfs below /boot/lobos. */
    public record Installed(Path kernel, Path initramfs, Path unit, Path hook) {}

    private final Path root;

    /** @param root "/" on a running system, a directory in tests */
    public ReturnPath(Path root) {
        this.root = root;
    }

    /**
     * Copies the loader's kernel and initramfs to /boot/lobos and writes the unit (enabled) and
     * the hook. {@code lobos} is the command line that runs lobos on this system.
     */
    public Installed install(Path kernel, Path initramfs, String cmdline, List<String> lobos) throws IOException {
        Path dir = Files.createDirectories(root.resolve("boot/lobos"));
        Path k = dir.resolve("vmlinuz");
        Path i = dir.resolve("initramfs");
        Files.copy(kernel, k, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(initramfs, i, StandardCopyOption.REPLACE_EXISTING);
        String command = String.join(" ", lobos.stream().map(ReturnPath::quote).toList());
        String execCommand = String.join(" ", lobos.stream().map(ReturnPath::execWord).toList());
        Path unit = root.resolve("etc/systemd/system/" + UNIT);
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, """
                # Written by lobos install-return: load the lobos boot loader for the next reboot.
                [Unit]
                Description=Load the lobos boot loader for the next reboot
                ConditionPathExists=/boot/lobos/vmlinuz
                After=local-fs.target

                [Service]
                Type=oneshot
                RemainAfterExit=yes
                ExecStart=%s boot --load-only /boot/lobos/vmlinuz --initrd /boot/lobos/initramfs --command-line %s

                [Install]
                WantedBy=multi-user.target
                """.formatted(execCommand, execWord(cmdline)));
        Path wants = Files.createDirectories(root.resolve("etc/systemd/system/multi-user.target.wants"));
        Path link = wants.resolve(UNIT);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("../" + UNIT));
        Path hook = root.resolve(HOOK);
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, """
                #!/bin/sh
                # Written by lobos install-return. systemd-shutdown runs this with "reboot", "poweroff",
                # "halt" or "kexec" as the last step; on a reboot with a kernel loaded, start it (the
                # lobos loader) instead of resetting through the firmware.
                [ "$1" = reboot ] || exit 0
                [ "$(cat /sys/kernel/kexec_loaded 2>/dev/null)" = 1 ] || exit 0
                exec %s boot --force
                """.formatted(command));
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new Installed(k, i, unit, hook);
    }

    /** Removes what {@link #install} wrote. */
    public void uninstall() throws IOException {
        for (Path p : List.of(root.resolve("etc/systemd/system/multi-user.target.wants/" + UNIT),
                root.resolve("etc/systemd/system/" + UNIT), root.resolve(HOOK), root.resolve("boot/lobos/vmlinuz"),
                root.resolve("boot/lobos/initramfs"))) {
            Files.deleteIfExists(p);
        }
    }

    /** A word for sh (the hook): double-quoted when it holds anything but safe characters. */
    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./=:,+@%-]+")) return word;
        return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`") + "\"";
    }

    /**
     * A word for systemd's ExecStart (systemd.service, "Command lines"): double-quoted when it
     * holds anything but safe characters, with C escapes for \\ and "; "$" and "%" are doubled
     * everywhere, quoted or not, as systemd expands $VARIABLES and %specifiers in both (a
     * ramoops memmap=SIZE$ADDRESS is the usual "$" on a loader's command line).
     */
    static String execWord(String word) {
        String quoted = !word.isEmpty() && word.matches("[A-Za-z0-9_./=:,+@%-]+") ? word
                : "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return quoted.replace("$", "$$").replace("%", "%%");
    }
}
