package lobos.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lobos.boot.MachineSources;
import lobos.linux.RecordingKernel;
import lobos.storage.BlockDevice;
import lobos.storage.DeviceProber;
import lobos.storage.Mounter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The image builder's training run: walks the code paths the loader takes at boot, without
 * touching the kernel, so the startup cache holds the classes they need.
 */
@Command(name = "train", hidden = true, mixinStandardHelpOptions = true,
        description = "Exercise lobos's boot paths for the startup cache (used by mkimage).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--kernel", required = true, description = "a kernel image to inspect and plan")
    Path kernel;

    @Option(names = "--config", required = true, description = "the image's config directory")
    Path config;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        var stdin = System.in;
        Path disk = disk();
        try {
            System.setIn(new ByteArrayInputStream("help\nlist\n".getBytes()));
            Main.run("--help");
            Main.run("inspect", kernel.toString());
            Main.run("boot", "--dry-run", kernel.toString(), "--append", "console=ttyS0 quiet");
            Main.run("init", "--dry-run", "--etc", config.toString(), "--volume", disk.toString());
            probeAndMount(disk);
            lobos.netboot.NetworkSteps.rehearse();
            loadTimingDependentClasses();
        } finally {
            System.setIn(stdin);
            System.setOut(out);
            delete(disk);
        }
        return Main.OK;
    }

    /**
     * Classes the JVM loads only when threads happen to contend (a lock's waiting nodes: the
     * console's JLine reader thread and the menu meet on one), loaded here every time so that
     * two trainings list the same classes and two builds give the same archive.
     */
    static final List<String> TIMING_DEPENDENT = List.of(
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$Node",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$ExclusiveNode",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$SharedNode",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionNode");

    private static void loadTimingDependentClasses() {
        for (String name : TIMING_DEPENDENT) {
            try {
                Class.forName(name, false, ClassLoader.getSystemClassLoader());
            } catch (ClassNotFoundException e) {
                System.err.println("train: no " + name + " in this JDK");
            }
        }
    }

    /**
     * A "disk" with one config of each common format, so the cache also holds the classes that
     * discover and read what the machine's disks carry.
     */
    private static Path disk() {
        try {
            Path d = Files.createTempDirectory("lobos-train");
            write(d, "boot/grub/grub.cfg", """
                    set default=0
                    set timeout=5
                    if [ -s $prefix/grubenv ]; then load_env; fi
                    menuentry 'Linux' --id linux {
                    	search --no-floppy --fs-uuid --set=root 0b4f3f4e-7d6c-4a2b-9d3e-5c1f2a8b9e01
                    	linux /boot/vmlinuz root=/dev/vda1 ro quiet
                    	initrd /boot/initrd.img
                    }
                    submenu 'Advanced' { menuentry 'Recovery' { linux /boot/vmlinuz single } }
                    """);
            write(d, "loader/entries/linux.conf", "title Linux\nlinux /vmlinuz\ninitrd /initrd\noptions ro\n");
            write(d, "boot/extlinux/extlinux.conf", "DEFAULT linux\nTIMEOUT 50\nLABEL linux\n  LINUX ../vmlinuz\n");
            write(d, "boot/vmlinuz", "not a kernel\n");
            return d;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * What the loader does with the machine's disks before it reads their configs: probe a
     * device (a file holding an ext4 superblock) and mount it (on the recording kernel).
     */
    private static void probeAndMount(Path dir) {
        try {
            byte[] bytes = new byte[64 * 1024];
            java.nio.ByteBuffer sb = java.nio.ByteBuffer.wrap(bytes, 1024, 1024).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            sb.putInt(1024 + 0x04, 64); // blocks
            sb.putShort(1024 + 0x38, (short) 0xEF53); // magic
            sb.putInt(1024 + 0x60, 0x40); // extents: ext4
            System.arraycopy("train".getBytes(), 0, bytes, 1024 + 0x78, 5);
            Files.write(dir.resolve("train0"), bytes);
            var device = new BlockDevice("train0", 0, 0, bytes.length, null, null, false, true, 0, null, 512, null);
            var probed = DeviceProber.probe(List.of(device), dir);
            var mounter = new Mounter(new RecordingKernel(dir), null, false, dir.resolve("run"), line -> {});
            MachineSources.mountAll(probed, mounter, line -> {});
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("train: probing a device: " + e.getMessage());
        }
    }

    private static void delete(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (java.io.IOException e) {
            // a temporary directory: the system cleans it up eventually
        }
    }

    private static void write(Path root, String name, String text) throws java.io.IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
