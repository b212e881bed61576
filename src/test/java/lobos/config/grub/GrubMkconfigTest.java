package lobos.config.grub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import lobos.config.MenuSnapshot;
import lobos.config.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grub.cfg made by GRUB's own generator: the /etc/grub.d scripts of Debian's grub-common run
 * as grub-mkconfig runs them, against a fake /boot in a temporary directory, so the host's boot
 * setup is never looked at or touched. Two things are faked: grub-probe answers for one ext2
 * partition (/dev/vda2, UUID below) and 10_linux looks for kernels in the fake /boot (its
 * hard-coded /boot/vmlinuz-* glob is rewritten, and its host-dependent alternative-init entries
 * are switched off). Skipped when grub-common is not installed.
 */
class GrubMkconfigTest {
    static final String UUID = "0b4f3f4e-7d6c-4a2b-9d3e-5c1f2a8b9e01";

    @TempDir
    Path dir;

    @Test
    void readsWhatGrubMkconfigGenerates() throws Exception {
        Path header = Path.of("/etc/grub.d/00_header");
        Path linux = Path.of("/etc/grub.d/10_linux");
        assumeTrue(Files.isExecutable(header) && Files.isRegularFile(linux)
                && Files.isRegularFile(Path.of("/usr/share/grub/grub-mkconfig_lib")),
                "grub-common (Debian package) is not installed");

        Path fake = dir.resolve("fake");
        Files.createDirectories(fake.resolve("boot"));
        for (String v : List.of("6.1.0-12-amd64", "6.1.0-13-amd64")) {
            Files.writeString(fake.resolve("boot/vmlinuz-" + v), "not a kernel");
            Files.writeString(fake.resolve("boot/initrd.img-" + v), "not an initrd");
        }
        Path probe = script("grub-probe", """
                #!/bin/sh
                for a in "$@"; do case "$a" in --target=*) t=${a#--target=};; esac; done
                case "$t" in
                  device) echo /dev/vda2;; fs) echo ext2;; fs_uuid) echo %s;;
                  partmap) echo gpt;; abstraction) ;; compatibility_hint) echo hd0,gpt2;;
                  hints_string) echo "--hint-bios=hd0,gpt2 --hint-efi=hd0,gpt2 --hint-baremetal=ahci0,gpt2";;
                  *) exit 1;;
                esac
                """.formatted(UUID));
        Path relpath = script("grub-mkrelpath", "#!/bin/sh\necho \"$1\" | sed \"s#^" + fake + "##\"\n");
        String patched = Files.readString(linux).replace("/boot/vmlinuz-*", fake + "/boot/vmlinuz-*")
                .replaceFirst("(?m)^SUPPORTED_INITS=.*$", "SUPPORTED_INITS=\"\"");
        Path linuxCopy = script("10_linux", patched);

        var pb = new ProcessBuilder("sh", "-c", header + " && " + linuxCopy + " && /etc/grub.d/41_custom");
        var env = pb.environment();
        env.put("grub_probe", probe.toString());
        env.put("grub_mkrelpath", relpath.toString());
        env.put("pkgdatadir", "/usr/share/grub");
        env.put("GRUB_DEVICE", "/dev/vda2");
        env.put("GRUB_DEVICE_UUID", UUID);
        env.put("GRUB_DEVICE_BOOT", "/dev/vda2");
        env.put("GRUB_DEVICE_BOOT_UUID", UUID);
        env.put("GRUB_FS", "ext2");
        env.put("GRUB_DISTRIBUTOR", "Debian");
        env.put("GRUB_CMDLINE_LINUX", "console=ttyS0");
        env.put("GRUB_CMDLINE_LINUX_DEFAULT", "quiet");
        env.put("GRUB_TIMEOUT", "7");
        env.put("GRUB_DEFAULT", "0");
        env.put("GRUB_RECOVERY_TITLE", "recovery mode");
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        Process p = pb.start();
        String config = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();

        Path volume = dir.resolve("volume");
        Files.createDirectories(volume.resolve("boot/grub"));
        Files.writeString(volume.resolve("boot/grub/grub.cfg"), config);
        var menu = new GrubFormat(GrubPlatform.EFI_X86_64).read(new Volume(volume, "vda2", UUID, null),
                "boot/grub/grub.cfg", List.of());

        // What grub-mkconfig is documented to make of these inputs: the newest kernel on top,
        // every kernel with a recovery entry in "Advanced options", GRUB_CMDLINE_LINUX on all,
        // GRUB_CMDLINE_LINUX_DEFAULT except in recovery, which adds "single".
        String snapshot = MenuSnapshot.render(menu).replaceAll("source: /boot/grub/grub.cfg:\\d+", "source: LINE");
        assertThat(snapshot).isEqualTo(expected());
        assertThat(GrubScriptCheckTest.check(volume.resolve("boot/grub/grub.cfg"))).isZero();
    }

    private static String expected() {
        var out = new StringBuilder("""
                menu: -
                  default: gnulinux-simple-U
                  timeout: PT7S
                  message: -
                  restricted: false
                  source: /boot/grub/grub.cfg
                """);
        out.append(entry("  ", "Debian GNU/Linux", "gnulinux-simple-U", "6.1.0-13-amd64", "console=ttyS0 quiet"));
        out.append("""
                  menu: Advanced options for Debian GNU/Linux
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
        out.append("    warnings: -\n  warnings: -\n");
        return out.toString().replace("-U\n", "-" + UUID + "\n");
    }

    private static String entry(String in, String title, String id, String version, String args) {
        return """
                %1$sentry: %2$s
                %1$s  id: %3$s
                %1$s  kind: LINUX
                %1$s  kernel: /boot/vmlinuz-%4$s
                %1$s  initrd: /boot/initrd.img-%4$s
                %1$s  cmdline: root=/dev/vda2 ro %5$s
                %1$s  devicetree: -
                %1$s  modules: -
                %1$s  hidden: false
                %1$s  context: device=vda2 root=vda2 directory=- baseUrl=-
                %1$s  source: LINE
                %1$s  warnings: -
                """.formatted(in, title, id, version, args);
    }

    private Path script(String name, String text) throws IOException {
        Path p = dir.resolve("bin/" + name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
