package lobos.build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lobos.initramfs.Compression;
import lobos.initramfs.Content;
import lobos.initramfs.Initrd;
import lobos.initramfs.InitramfsBuilder;

/**
 * The initramfs of a target kernel that reports what it received: its init prints a marker,
 * the command line, every file it sees and its uptime on the console, then powers off. The
 * demo and the end-to-end tests boot it with kexec and read the console.
 */
public final class ProbeImage {
    public static final String BEGIN = "LOBOS-PROBE-BEGIN";
    public static final String END = "LOBOS-PROBE-END";

    private static final String INIT = """
            #!/bin/busybox sh
            /bin/busybox mount -t proc proc /proc
            read uptime idle < /proc/uptime
            echo "%s"
            echo "probe: uptime $uptime"
            echo "probe: cmdline $(/bin/busybox cat /proc/cmdline)"
            /bin/busybox find / -xdev -type f | /bin/busybox sort | while read f; do echo "probe: file $f"; done
            echo "%s"
            /bin/busybox poweroff -f
            """.formatted(BEGIN, END);

    private ProbeImage() {}

    /** Writes the probe (busybox and its /init), gzip-compressed, to {@code dest}. */
    public static Path write(Path busybox, Path dest) throws IOException {
        InitramfsBuilder image = new InitramfsBuilder()
                .file("bin/busybox", busybox, 0755)
                .file("init", INIT.getBytes(), 0755)
                .directory("proc", 0755)
                .charDevice("dev/console", 0600, 5, 1);
        return write(image, dest);
    }

    /** Writes an extra initrd holding {@code files} (path in the image to content). */
    public static Path extra(Map<String, String> files, Path dest) throws IOException {
        InitramfsBuilder image = new InitramfsBuilder();
        files.forEach((path, text) -> image.file(path, text.getBytes(), 0644));
        return write(image, dest);
    }

    /**
     * An initrd for QEMU's -initrd: the loader's initramfs followed by an overlay that adds the
     * target kernel as /boot/vmlinuz, the probe as /boot/probe.gz, an extra initrd as
     * /boot/extra.gz and, if given, /etc/kboot.conf. The kernel unpacks concatenated archives
     * in order, so the overlay's files replace the image's.
     */
    public static Path loaderWithTarget(BootImage loader, Path busybox, String kbootConf, Path dest)
            throws IOException {
        Path dir = dest.toAbsolutePath().getParent();
        Path probe = write(busybox, dir.resolve("probe.cpio.gz"));
        Path extra = extra(Map.of("extra/second-initrd.txt", "from the second initrd\n"),
                dir.resolve("extra.cpio.gz"));
        InitramfsBuilder overlay = new InitramfsBuilder()
                .file("boot/vmlinuz", loader.kernel(), 0644)
                .file("boot/probe.gz", probe, 0644)
                .file("boot/extra.gz", extra, 0644);
        if (kbootConf != null) overlay.file("etc/kboot.conf", kbootConf.getBytes(), 0644);
        Path overlayFile = write(overlay, dir.resolve(dest.getFileName() + ".overlay.gz"));
        try (OutputStream out = Files.newOutputStream(dest)) {
            Initrd.concatenate(List.of(Content.of(loader.initramfs()), Content.of(overlayFile)), out);
        }
        return dest;
    }

    private static Path write(InitramfsBuilder image, Path dest) throws IOException {
        Files.createDirectories(dest.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(dest)) {
            image.writeTo(out, Compression.GZIP);
        }
        return dest;
    }
}
