package lobos.config.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lobos.config.MenuText;
import lobos.config.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grub.cfg made by GRUB's own generator ({@link GrubMkconfig}: the /etc/grub.d scripts of
 * Debian's grub-common against a fake /boot, for one ext2 partition, /dev/vda2 with the UUID
 * below). Skipped when grub-common is not installed.
 */
class GrubMkconfigTest {
    static final String UUID = "0b4f3f4e-7d6c-4a2b-9d3e-5c1f2a8b9e01";

    @TempDir
    Path dir;

    @Test
    void readsWhatGrubMkconfigGenerates() throws Exception {
        assumeTrue(GrubMkconfig.available(), "grub-common (Debian package) is not installed");

        Path fake = dir.resolve("fake");
        Files.createDirectories(fake.resolve("boot"));
        for (String v : List.of("6.1.0-12-amd64", "6.1.0-13-amd64")) {
            Files.writeString(fake.resolve("boot/vmlinuz-" + v), "not a kernel");
            Files.writeString(fake.resolve("boot/initrd.img-" + v), "not an initrd");
        }
        String config = GrubMkconfig.generate(fake, "/dev/vda2", UUID, dir, Map.of("GRUB_CMDLINE_LINUX", "console=ttyS0",
                "GRUB_CMDLINE_LINUX_DEFAULT", "quiet", "GRUB_TIMEOUT", "7", "GRUB_DEFAULT", "0"));

        Path volume = dir.resolve("volume");
        Files.createDirectories(volume.resolve("boot/grub"));
        Files.writeString(volume.resolve("boot/grub/grub.cfg"), config);
        var menu = new GrubFormat(GrubPlatform.EFI_X86_64).read(new Volume(volume, "vda2", UUID, null),
                "boot/grub/grub.cfg", List.of());

        // What grub-mkconfig is documented to make of these inputs: the newest kernel on top,
        // every kernel with a recovery entry in "Advanced options", GRUB_CMDLINE_LINUX on all,
        // GRUB_CMDLINE_LINUX_DEFAULT except in recovery, which adds "single".
        String rendered = MenuText.render(menu).replaceAll("source: /boot/grub/grub.cfg:\\d+", "source: LINE");
        assertThat(rendered).isEqualTo(expected());
        assertThat(GrubScriptCheckTest.check(volume.resolve("boot/grub/grub.cfg"))).isZero();
    }

    private static String expected() {
        var out = new StringBuilder("""
                menu -
                  default: "gnulinux-simple-U"
                  timeout: 7000ms
                  message: -
                  restricted: false
                  source: /boot/grub/grub.cfg
                """);
        out.append(entry("  ", "Debian GNU/Linux", "gnulinux-simple-U", "6.1.0-13-amd64", "console=ttyS0 quiet"));
        out.append("""
                  menu "Advanced options for Debian GNU/Linux"
                    default: -
                    timeout: -
                    message: -
                    restricted: false
                    source: LINE
                """);
        for (String v : List.of("6.1.0-13-amd64", "6.1.0-12-amd64")) {
            out.append(entry("    ", "Debian GNU/Linux, with Linux " + v, "gnulinux-" + v + "-advanced-U", v,
                    "console=ttyS0 quiet"));
            out.append(entry("    ", "Debian GNU/Linux, with Linux " + v + " (recovery mode)",
                    "gnulinux-" + v + "-recovery-U", v, "single console=ttyS0"));
        }
        return out.toString().replace("-U\"", "-" + UUID + "\"");
    }

    private static String entry(String in, String title, String id, String version, String args) {
        return """
                %1$sentry "%3$s"
                %1$s  title: "%2$s"
                %1$s  kind: linux
                %1$s  kernel: "/boot/vmlinuz-%4$s"
                %1$s  initrd: "/boot/initrd.img-%4$s"
                %1$s  cmdline: "root=/dev/vda2 ro %5$s"
                %1$s  devicetree: -
                %1$s  hidden: false
                %1$s  context: device="vda2" root="vda2" directory=- baseUrl=-
                %1$s  source: LINE
                %1$s  help: -
                %1$s  sysappend: 0
                """.formatted(in, title, id, version, args);
    }
}
