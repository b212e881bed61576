package lobos.config.grub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Runs GRUB's own generator: the /etc/grub.d scripts of Debian's grub-common, as grub-mkconfig
 * runs them, against a fake root in a directory, so the host's boot setup is never looked at
 * or touched. Two things are faked: grub-probe answers for one partition (its device, ext2
 * driver, UUID) and 10_linux (and 20_linux_xen, when the fake /boot holds a Xen hypervisor) look
 * for kernels in the fake /boot (their hard-coded /boot globs are rewritten, and their
 * host-dependent alternative-init entries are switched off). The unit tests and the end-to-end
 * tests share it.
 */
public final class GrubMkconfig {
    private GrubMkconfig() {}

    /** Whether grub-common (Debian package) is installed. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/etc/grub.d/00_header")) && Files.isRegularFile(Path.of("/etc/grub.d/10_linux"))
                && Files.isRegularFile(Path.of("/usr/share/grub/grub-mkconfig_lib"));
    }

    /**
     * The grub.cfg grub-mkconfig writes for the kernels in {@code root}/boot (vmlinuz-VERSION with
     * initrd.img-VERSION), as if {@code root} were the file system on {@code device} with
     * {@code uuid}.
     *
     * @param work     a directory for the fake tools and GRUB's error output
     * @param settings /etc/default/grub's settings (GRUB_CMDLINE_LINUX, GRUB_TIMEOUT...), which
     *                 replace the defaults given here
     */
    public static String generate(Path root, String device, String uuid, Path work, Map<String, String> settings)
            throws IOException, InterruptedException {
        Path probe = script(work, "grub-probe", """
                #!/bin/sh
                for a in "$@"; do case "$a" in --target=*) t=${a#--target=};; esac; done
                case "$t" in
                  device) echo %s;; fs) echo ext2;; fs_uuid) echo %s;;
                  partmap) echo gpt;; abstraction) ;; compatibility_hint) echo hd0,gpt2;;
                  hints_string) echo "--hint-bios=hd0,gpt2 --hint-efi=hd0,gpt2 --hint-baremetal=ahci0,gpt2";;
                  *) exit 1;;
                esac
                """.formatted(device, uuid));
        Path relpath = script(work, "grub-mkrelpath", "#!/bin/sh\necho \"$1\" | sed \"s#^" + root + "##\"\n");
        String patched = Files.readString(Path.of("/etc/grub.d/10_linux"))
                .replace("/boot/vmlinuz-*", root + "/boot/vmlinuz-*")
                .replaceFirst("(?m)^SUPPORTED_INITS=.*$", "SUPPORTED_INITS=\"\"");
        String scripts = "/etc/grub.d/00_header && " + script(work, "10_linux", patched);
        boolean xen;
        try (var files = Files.list(root.resolve("boot"))) {
            xen = files.anyMatch(f -> f.getFileName().toString().startsWith("xen"));
        }
        if (xen) {
            String xenScript = Files.readString(Path.of("/etc/grub.d/20_linux_xen"))
                    .replace("/boot/vmlinu[xz]-* /vmlinu[xz]-* /boot/kernel-*", root + "/boot/vmlinu[xz]-*")
                    .replace("/boot/xen*", root + "/boot/xen*")
                    .replaceFirst("(?m)^SUPPORTED_INITS=.*$", "SUPPORTED_INITS=\"\"");
            scripts += " && " + script(work, "20_linux_xen", xenScript);
        }
        var pb = new ProcessBuilder("sh", "-c", scripts + " && /etc/grub.d/41_custom");
        var env = pb.environment();
        env.put("grub_probe", probe.toString());
        env.put("grub_mkrelpath", relpath.toString());
        env.put("pkgdatadir", "/usr/share/grub");
        env.put("GRUB_DEVICE", device);
        env.put("GRUB_DEVICE_UUID", uuid);
        env.put("GRUB_DEVICE_BOOT", device);
        env.put("GRUB_DEVICE_BOOT_UUID", uuid);
        env.put("GRUB_FS", "ext2");
        env.put("GRUB_DISTRIBUTOR", "Debian");
        env.put("GRUB_CMDLINE_LINUX", "");
        env.put("GRUB_CMDLINE_LINUX_DEFAULT", "quiet");
        env.put("GRUB_TIMEOUT", "5");
        env.put("GRUB_DEFAULT", "0");
        env.put("GRUB_RECOVERY_TITLE", "recovery mode");
        env.putAll(settings);
        Path stderr = work.resolve("grub-mkconfig.stderr");
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        String config = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("grub-mkconfig's scripts failed: " + Files.readString(stderr));
        return config;
    }

    private static Path script(Path work, String name, String text) throws IOException {
        Path p = work.resolve("bin/" + name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
