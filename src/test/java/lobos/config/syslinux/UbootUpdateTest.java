package lobos.config.syslinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lobos.config.Menu;
import lobos.config.MenuText;
import lobos.config.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's u-boot-menu writes extlinux.conf with its u-boot-update script; lobos must read
 * what it writes. The script works on fixed host paths (/boot, /etc) and wants root, so the
 * test runs a copy whose every host path is moved under a temporary root. Each rewrite must
 * match, so a changed script fails here instead of touching the host. The script comes from
 * {@code -Dlobos.test.u-boot-update=PATH} or /usr/sbin/u-boot-update (package u-boot-menu).
 */
class UbootUpdateTest {
    @TempDir
    Path root;

    @Test
    void readsWhatUbootUpdateWrites() throws Exception {
        Path script = Path.of(System.getProperty("lobos.test.u-boot-update", "/usr/sbin/u-boot-update"));
        assumeTrue(Files.isReadable(script), "u-boot-menu's u-boot-update is not here: " + script);
        Path copy = root.resolve("u-boot-update");
        Files.writeString(copy, confine(Files.readString(script)));

        Files.createDirectories(root.resolve("boot"));
        Files.createDirectories(root.resolve("etc/default"));
        Files.createDirectories(root.resolve("proc"));
        for (String v : List.of("6.12.38+deb13-arm64", "6.12.33+deb13-arm64")) {
            Files.writeString(root.resolve("boot/vmlinuz-" + v), "kernel");
            Files.writeString(root.resolve("boot/initrd.img-" + v), "initrd");
        }
        Files.writeString(root.resolve("etc/default/u-boot"), "");
        Files.writeString(root.resolve("etc/os-release"), "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\n");
        Files.writeString(root.resolve("etc/fstab"),
                "# <file system> <mount point> <type> <options> <dump> <pass>\n"
                        + "UUID=2f8e1c4a-5b7d-4c3e-9a1f-0d6b8e2c4a71 / ext4 errors=remount-ro 0 1\n");
        Files.writeString(root.resolve("proc/cmdline"), "console=ttyS2,1500000\n");
        // linux-version (package linux-base) lists and sorts the kernels in /boot
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path lv = bin.resolve("linux-version");
        Files.writeString(lv, """
                #!/bin/sh
                case "$1" in
                  list) for k in "$ROOT"/boot/vmlinuz-*; do v=${k##*/vmlinuz-}; echo "$v /boot/vmlinuz-$v"; done ;;
                  sort) sort -V -r ;;
                esac
                """);
        Files.setPosixFilePermissions(lv, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder pb = new ProcessBuilder("sh", copy.toString()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("ROOT", root.toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();

        Volume volume = new Volume(root, "test", null, null);
        Menu menu = new SyslinuxFormat().read(volume, "/boot/extlinux/extlinux.conf", List.of(volume));
        String expected = Files.readString(Path.of("src/test/resources/lobos/config/uboot/expected.txt"));
        assertThat(MenuText.render(menu)).isEqualTo(expected);
    }

    /** Moves the script's host paths under $ROOT; every rewrite must apply. */
    static String confine(String script) throws IOException {
        String[][] rewrites = {
            {"if [ \"$(id -u)\" -ne 0 ]", "if false"},
            {"_U_BOOT_DIRECTORY=\"/boot/extlinux\"", "_U_BOOT_DIRECTORY=\"${ROOT}/boot/extlinux\""},
            {"/etc/default/u-boot", "${ROOT}/etc/default/u-boot"},
            {"/usr/share/u-boot-menu/conf.d/", "${ROOT}/usr/share/u-boot-menu/conf.d/"},
            {"/etc/u-boot-menu/conf.d/", "${ROOT}/etc/u-boot-menu/conf.d/"},
            {"/etc/os-release", "${ROOT}/etc/os-release"},
            {"/usr/lib/os-release", "${ROOT}/usr/lib/os-release"},
            {"/etc/kernel/cmdline", "${ROOT}/etc/kernel/cmdline"},
            {"< /etc/fstab", "< ${ROOT}/etc/fstab"},
            {"$(cat /proc/cmdline)", "$(cat ${ROOT}/proc/cmdline)"},
            {"if [ \"$(stat --printf %d /)\" = \"$(stat --printf %d /boot)\" ]", "if true"},
            {"[ -e \"/boot/${U_BOOT_INITRD}", "[ -e \"${ROOT}/boot/${U_BOOT_INITRD}"},
            {"\"${_BOOT_PATH}", "\"${ROOT}${_BOOT_PATH}"},
            {"[ -e \"${U_BOOT_FDT}\" ]", "[ -e \"${ROOT}${U_BOOT_FDT}\" ]"},
        };
        String out = script;
        for (String[] r : rewrites) {
            if (!out.contains(r[0])) throw new IOException("u-boot-update changed: no '" + r[0] + "' to confine");
            out = out.replace(r[0], r[1]);
        }
        return out;
    }
}
