package lobos.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import lobos.path.DeviceRef;
import lobos.path.Location;

/**
 * The system lobos boots, as its own {@code /etc/fstab} describes it (kboot's "booted
 * environment"): its root is kboot.conf's {@code root=}, or else the file system whose
 * /etc/fstab names itself as "/". Paths in it are reached by mounting what fstab says they
 * need, outermost first, as the system itself would: {@code /home/user/kernel} mounts "/"
 * and then "/home". The tree is assembled under /run/lobos/root.
 */
public final class BootedSystem {
    private final Mounter mounter;
    private final Supplier<List<ProbedDevice>> devices;
    private final String rootSpec;
    private final Path base;
    private List<FstabEntry> fstab;
    private ProbedDevice root;

    /**
     * @param rootSpec kboot.conf's {@code root=} ({@code /dev/sda2}, {@code sda2}, {@code UUID=...},
     *                 {@code LABEL=...}), or null to look for it
     */
    public BootedSystem(Mounter mounter, Supplier<List<ProbedDevice>> devices, String rootSpec) {
        this.mounter = mounter;
        this.devices = devices;
        this.rootSpec = rootSpec;
        this.base = mounter.run().resolve("root");
    }

    /** The file on this machine that {@code path} of the booted system is, mounting what it needs. */
    public Path resolve(Location.Booted path) {
        List<FstabEntry> entries = fstab();
        Automount.Plan plan = Automount.plan(entries, path);
        if (plan.mounts().isEmpty() || !plan.mounts().getFirst().mountPoint().equals("/")) {
            mountRoot();
        }
        for (FstabEntry e : plan.mounts()) {
            if (e.mountPoint().equals("/")) {
                mountRoot();
                continue;
            }
            ProbedDevice device = find(e.device().orElseThrow(() -> new StorageException(
                    "fstab line " + e.line() + ": cannot tell which device \"" + e.spec() + "\" is",
                    "lobos mounts devices named by path, UUID=, LABEL=, PARTUUID= or PARTLABEL=")), "fstab's " + e.spec());
            String type = device.fs() != null ? device.fs().type() : e.type();
            mounter.mount("/dev/" + device.device().name(), type, base.resolve(e.mountPoint().substring(1)), null);
        }
        return base.resolve(path.path().substring(1));
    }

    private void mountRoot() {
        ProbedDevice r = root();
        mounter.mount("/dev/" + r.device().name(), r.fs().type(), base, null);
    }

    /** The booted system's fstab, read from its root file system. */
    List<FstabEntry> fstab() {
        if (fstab == null) {
            Path file = mounter.mount(root()).resolve("etc/fstab");
            try {
                fstab = Files.exists(file) ? Fstab.parse(Files.readString(file), root().device().name() + ":/etc/fstab")
                        .entries() : List.of();
            } catch (IOException e) {
                throw new StorageException("cannot read " + file + ": " + e.getMessage(), null);
            }
        }
        return fstab;
    }

    /**
     * The root file system: root= if given, else the first one whose fstab names itself "/".
     *
     * @throws StorageException if there is none
     */
    public ProbedDevice root() {
        if (root != null) return root;
        if (rootSpec != null && !rootSpec.isBlank()) {
            root = find(deviceRef(rootSpec), "root=" + rootSpec);
            return root;
        }
        List<String> looked = new ArrayList<>();
        for (ProbedDevice d : devices.get()) {
            if (d.fs() == null || !d.fs().mountable()) continue;
            looked.add(d.device().name());
            Path fstabFile;
            try {
                fstabFile = mounter.mount(d).resolve("etc/fstab");
            } catch (StorageException e) {
                continue;
            }
            if (!Files.isRegularFile(fstabFile)) continue;
            try {
                for (FstabEntry e : Fstab.parse(Files.readString(fstabFile), d.device().name() + ":/etc/fstab").entries()) {
                    if (e.mountPoint().equals("/") && e.device().map(d::matches).orElse(false)) {
                        root = d;
                        return d;
                    }
                }
            } catch (IOException e) {
                // unreadable fstab: not this one
            }
        }
        throw new StorageException("cannot find the booted system's root file system (looked at "
                + (looked.isEmpty() ? "no file systems" : String.join(", ", looked)) + ")",
                "set root= in kboot.conf (root=/dev/sda2 or root=UUID=...), or use device paths (sda2:/boot/vmlinuz)");
    }

    private ProbedDevice find(DeviceRef ref, String what) {
        Optional<ProbedDevice> d = DeviceProber.find(devices.get(), ref);
        return d.orElseThrow(() -> new StorageException(what + ": no such device (" + ref.text() + ")",
                "lobos devices lists the devices, their UUIDs and labels"));
    }

    /** root= as kboot.conf writes it: like fstab, or a bare device name ({@code sda2}). */
    private static DeviceRef deviceRef(String spec) {
        return DeviceRef.fromSpec(spec).orElseGet(() -> {
            if (DeviceRef.Named.valid(spec)) return new DeviceRef.Named(spec);
            throw new StorageException("root=" + spec + " names no device",
                    "write root=/dev/sda2, root=sda2, root=UUID=... or root=LABEL=...");
        });
    }
}
