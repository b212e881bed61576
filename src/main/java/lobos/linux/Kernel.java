package lobos.linux;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The seam between lobos and the Linux kernel: every call that changes the machine goes
 * through here. {@link LinuxKernel} makes the real system calls (through FFM); host tests
 * use a recording fake, so no test outside a QEMU guest ever kexecs, mounts or reboots.
 */
public interface Kernel {
    /** mount(2) flags. */
    long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_REMOUNT = 32, MS_BIND = 4096,
            MS_MOVE = 8192, MS_REC = 16384;
    /** umount2(2) flags. */
    int MNT_FORCE = 1, MNT_DETACH = 2;

    Arch arch();

    Uname uname();

    /**
     * Loads a kernel to be started by {@link #reboot(RebootCommand) reboot(KEXEC)}, replacing any
     * kernel loaded before.
     *
     * @param initrd null for none
     */
    void kexecFileLoad(Path kernel, Path initrd, String cmdline);

    // --- kexec_load: segments placed by lobos, started by its own entry code (lobos.kexec) ---

    /**
     * kexec_load(2): loads {@code segments} at their physical addresses, to be started at
     * {@code entry} (physical, entered in 64-bit mode with the kernel's identity map) by
     * {@link #reboot(RebootCommand) reboot(KEXEC)}. Replaces any kernel loaded before.
     * Refused under lockdown (UEFI Secure Boot): only kexec_file_load checks signatures.
     */
    void kexecLoad(long entry, java.util.List<KexecSegment> segments);

    /**
     * The kernel's message buffer, as {@code dmesg} shows it (klogctl(SYSLOG_ACTION_READ_ALL)):
     * what the loader session leaves for the next kernel through pstore.
     */
    String kernelLog();

    // --- end of kexec_load ---

    /** Unloads a kernel loaded by {@link #kexecFileLoad} or {@link #kexecLoad}; a no-op if none is loaded. */
    void kexecUnload();

    /** Whether a kexec kernel is loaded ({@code /sys/kernel/kexec_loaded}). */
    boolean kexecLoaded();

    /** reboot(2). With {@link RebootCommand#KEXEC} this does not return when it works. */
    void reboot(RebootCommand command);

    void mount(String source, Path target, String type, long flags, String data);

    void umount(Path target, int flags);

    /** finit_module(2): loads a kernel module from a file. */
    void loadModule(Path module, String params);

    /**
     * A netlink socket of {@code protocol} ({@link NetlinkSocket#UEVENT}, {@link NetlinkSocket#ROUTE}...),
     * bound to the multicast {@code groups} (a bit mask; 0 for none), its port chosen by the kernel.
     * Opening one changes nothing; what is sent on it may.
     */
    NetlinkSocket openNetlink(int protocol, int groups);

    /** sync(2): flushes every file system. */
    void sync();

    /**
     * A file that lives only in memory (memfd_create(2)), for data that must be handed to the
     * kernel as a file but should not touch a disk (a concatenated initrd, a downloaded kernel).
     * The returned path stays valid until the process exits.
     */
    Path memoryFile(String name) throws IOException;
}
