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

    /**
     * Inserted after the probe prints its command line when it carries kernel modules: loads
     * them (ramoops with the ramoops.* words of the command line, as modprobe would), mounts
     * pstore and prints every file there, so a test sees what the previous kernel left.
     */
    private static final String PSTORE = """
            params=""
            for w in $(/bin/busybox cat /proc/cmdline); do case "$w" in ramoops.*) params="$params ${w#ramoops.}";; esac; done
            for m in /lib/modules/*.ko; do [ "$m" = /lib/modules/ramoops.ko ] || /bin/busybox insmod "$m"; done
            /bin/busybox insmod /lib/modules/ramoops.ko $params
            /bin/busybox mount -t sysfs sysfs /sys
            /bin/busybox mount -t pstore pstore /sys/fs/pstore
            for f in /sys/fs/pstore/*; do echo "probe: pstore $f"; /bin/busybox sed "s/^/probe: pstore: /" "$f"; done
            """;

    private ProbeImage() {}

    /**
     * The probe that also reads pstore: {@code modules} (ramoops.ko and what it needs, from the
     * target's kernel, loaded in the given order with ramoops last) go to /lib/modules.
     */
    public static Path writeWithPstore(Path busybox, List<Path> modules, Path dest) throws IOException {
        String init = INIT.replace("/bin/busybox cat /proc/cmdline)\"\n", "/bin/busybox cat /proc/cmdline)\"\n" + PSTORE);
        InitramfsBuilder image = new InitramfsBuilder()
                .file("bin/busybox", busybox, 0755)
                .file("init", init.getBytes(), 0755)
                .directory("proc", 0755)
                .directory("sys", 0755)
                .charDevice("dev/console", 0600, 5, 1);
        for (Path m : modules) image.file("lib/modules/" + m.getFileName(), m, 0644);
        return write(image, dest);
    }

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
