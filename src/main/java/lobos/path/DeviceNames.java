package lobos.path;

import java.util.regex.Pattern;

/**
 * The names Linux gives block devices, for telling {@code sda2:/x} (a device) from
 * {@code server:/x} (an NFS host) when the device is not known yet (a USB disk still being
 * probed). A known device name (from /sys) counts as a device whatever it looks like.
 */
public final class DeviceNames {
    private DeviceNames() {}

    private static final Pattern KERNEL_NAMES = Pattern.compile(String.join("|",
            "[shv]d[a-z]{1,3}[0-9]*", // SCSI/SATA/USB, old IDE, virtio
            "xvd[a-z]{1,3}[0-9]*", // Xen
            "nvme[0-9]+n[0-9]+(p[0-9]+)?", // NVMe namespaces and partitions
            "mmcblk[0-9]+(p[0-9]+|boot[0-9]+|rpmb)?", // SD/eMMC
            "md[0-9]+(p[0-9]+)?", // software RAID
            "dm-[0-9]+", // device mapper
            "sr[0-9]+|scd[0-9]+", // optical
            "loop[0-9]+(p[0-9]+)?", "nbd[0-9]+(p[0-9]+)?", "ram[0-9]+", "zram[0-9]+",
            "pmem[0-9]+(p[0-9]+)?", "mtdblock[0-9]+", "ubd[a-z][0-9]*", "fd[0-9]+",
            "dasd[a-z]+[0-9]*", "vd[a-z]+[0-9]*", "bcache[0-9]+", "rbd[0-9]+(p[0-9]+)?"));

    /** Whether {@code name} has the form of a kernel block device name ({@code sda2}, {@code nvme0n1p1}...). */
    public static boolean looksLikeDevice(String name) {
        return name != null && KERNEL_NAMES.matcher(name).matches();
    }
}
