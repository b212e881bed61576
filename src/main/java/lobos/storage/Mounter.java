package lobos.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import lobos.linux.Kernel;
import lobos.linux.KernelException;
import lobos.linux.Modules;

/**
 * Mounts file systems for lobos under /run/lobos: read-only unless kboot.conf says
 * {@code mount_rw=true} (a boot loader has no business writing to a user's disk), without
 * device files or set-uid programs. The file system's kernel module is loaded first when the
 * kernel does not know the type yet. Everything mounted is unmounted, innermost first, by
 * {@link #unmountAll()}, and before a kexec.
 */
public final class Mounter {
    public static final Path RUN = Path.of("/run/lobos");

    private final Kernel kernel;
    private final Modules modules;
    private final boolean readWrite;
    private final Path run;
    private final Path procFilesystems;
    private final Consumer<String> log;
    private final Map<Path, String> mounted = new LinkedHashMap<>();

    public Mounter(Kernel kernel, Modules modules, boolean readWrite, Consumer<String> log) {
        this(kernel, modules, readWrite, RUN, log);
    }

    /** Mounts under {@code run} instead of /run/lobos (dry runs use a temporary directory). */
    public Mounter(Kernel kernel, Modules modules, boolean readWrite, Path run, Consumer<String> log) {
        this(kernel, modules, readWrite, run, Path.of("/proc/filesystems"), log);
    }

    Mounter(Kernel kernel, Modules modules, boolean readWrite, Path run, Path procFilesystems, Consumer<String> log) {
        this.kernel = kernel;
        this.modules = modules;
        this.readWrite = readWrite;
        this.run = run;
        this.procFilesystems = procFilesystems;
        this.log = log;
    }

    /** Where lobos mounts things. */
    public Path run() {
        return run;
    }

    /** Mounts a probed device's file system at /run/lobos/dev/NAME (once) and returns that directory. */
    public Path mount(ProbedDevice device) {
        if (device.fs() == null || !device.fs().mountable()) {
            throw new StorageException("/dev/" + device.device().name() + " holds no file system lobos can mount"
                    + (device.fs() == null ? "" : " (" + device.fs().type() + ")"),
                    "name a partition with a file system (lobos devices lists them)");
        }
        Path target = target(device.device().name());
        return mount("/dev/" + device.device().name(), device.fs().type(), target, null);
    }

    /**
     * Mounts {@code source} of file-system {@code type} at {@code target}, unless something is
     * already mounted there by lobos. {@code data} is the file system's option string, or null.
     */
    public synchronized Path mount(String source, String type, Path target, String data) {
        if (mounted.containsKey(target)) return target;
        ensureType(type);
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new StorageException("cannot create mount point " + target + ": " + e.getMessage(), null);
        }
        long flags = Kernel.MS_NOSUID | Kernel.MS_NODEV | (readWrite ? 0 : Kernel.MS_RDONLY);
        try {
            kernel.mount(source, target, type, flags, data);
        } catch (KernelException e) {
            throw new StorageException("cannot mount " + source + " (" + type + ") on " + target + ": "
                    + e.getMessage(), e.hint() != null ? e.hint() : "see dmesg for what the kernel said");
        }
        mounted.put(target, source);
        log.accept("mounted " + source + " on " + target + (readWrite ? "" : " (read-only)"));
        return target;
    }

    /**
     * Lets go of what lobos mounted at {@code target} (and inside it), detached lazily: the
     * device went away, and a later device of the same name must be mounted afresh.
     */
    public synchronized void release(Path target) {
        for (Path t : new ArrayList<>(mounted.keySet()).reversed()) {
            if (!t.startsWith(target)) continue;
            try {
                kernel.umount(t, Kernel.MNT_DETACH);
            } catch (KernelException e) {
                log.accept("cannot unmount " + t + ": " + e.getMessage());
            }
            mounted.remove(t);
        }
    }

    /** Where {@link #mount(ProbedDevice)} mounts a device. */
    public Path target(String device) {
        return run.resolve("dev").resolve(device);
    }

    /** The mounts lobos made, outermost first. */
    public synchronized List<Path> mounts() {
        return List.copyOf(mounted.keySet());
    }

    /** Unmounts everything lobos mounted, innermost first; a busy one is detached lazily. */
    public synchronized void unmountAll() {
        List<Path> targets = new ArrayList<>(mounted.keySet());
        for (Path target : targets.reversed()) {
            try {
                kernel.umount(target, 0);
            } catch (KernelException e) {
                try {
                    kernel.umount(target, Kernel.MNT_DETACH);
                } catch (KernelException ignored) {
                    log.accept("cannot unmount " + target + ": " + e.getMessage());
                }
            }
            mounted.remove(target);
        }
    }

    private void ensureType(String type) {
        // The loader has no modprobe the kernel could ask while mounting: load it all first. A
        // known type can still lack a companion (NFS's protocol versions); loading is idempotent.
        List<String> needed = Modules.forFileSystem(type);
        boolean loaded = false;
        if (modules != null) {
            for (String m : needed) loaded |= modules.load(m);
        }
        if (!loaded && !known(type)) {
            throw new StorageException("the kernel cannot mount " + type + " file systems",
                    "add " + String.join(" ", needed) + " to the image (build.conf: on-demand-modules = "
                            + String.join(" ", needed) + ")");
        }
    }

    private boolean known(String type) {
        try {
            for (String line : Files.readAllLines(procFilesystems)) {
                String[] f = line.strip().split("\\s+");
                if (f[f.length - 1].equals(type)) return true;
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

}
