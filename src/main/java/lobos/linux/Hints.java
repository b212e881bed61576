package lobos.linux;

/** Plain-language advice for a failed system call, by call and errno. */
final class Hints {
    private Hints() {}

    static String kexec(int errno) {
        Errno e = Errno.of(errno);
        if (e == null) return null;
        return switch (e) {
            case EPERM, EACCES -> "the kernel refused to load it: lobos needs root (CAP_SYS_BOOT), and a kernel in"
                    + " lockdown (UEFI Secure Boot) only loads signed kernels; kexec may also be disabled by"
                    + " kernel.kexec_load_disabled";
            case EKEYREJECTED, EKEYEXPIRED -> "the kernel's signature was rejected: this kernel only kexecs images"
                    + " signed with a key it trusts; boot a signed kernel or turn off Secure Boot";
            case ENOKEY, EBADMSG -> "the image carries no signature this kernel accepts (KEXEC_SIG is enforced"
                    + " here); boot a signed kernel";
            case ENOEXEC -> "this kernel cannot load that image: wrong architecture or format (check it with"
                    + " `lobos inspect`)";
            case ENOMEM -> "not enough memory to place the kernel and initrd: use a smaller initrd or add memory";
            case EBUSY -> "another kexec load is in progress or a kexec image is busy; try again";
            case ENOSYS -> "this kernel was built without kexec_file_load (CONFIG_KEXEC_FILE)";
            case EINVAL -> "the kernel rejected the arguments (command line too long, or a bad image)";
            case EFBIG, E2BIG -> "the image or command line is larger than this kernel accepts";
            default -> null;
        };
    }

    /** kexec_load differs from kexec_file_load: no signatures, so lockdown refuses it outright. */
    static String kexecLoad(int errno) {
        Errno e = Errno.of(errno);
        if (e == null) return null;
        return switch (e) {
            case EPERM, EACCES -> "the kernel refused kexec_load: lobos needs root (CAP_SYS_BOOT); a kernel in"
                    + " lockdown (UEFI Secure Boot) refuses kexec_load entirely (boot a signed bzImage with"
                    + " --syscall=file); kexec may also be disabled by kernel.kexec_load_disabled";
            case EADDRNOTAVAIL -> "a segment is not page-aligned or lies above the memory the kernel can reach";
            case EINVAL -> "the kernel rejected the segments (overlapping, too many, or larger than half of RAM)";
            case ENOMEM -> "not enough free memory to stage the segments: use a smaller initrd or add memory";
            case ENOSYS -> "this kernel was built without kexec_load (CONFIG_KEXEC); use --syscall=file";
            case EBUSY -> "another kexec load is in progress; try again";
            default -> kexec(errno);
        };
    }

    static String mount(int errno) {
        Errno e = Errno.of(errno);
        if (e == null) return null;
        return switch (e) {
            case ENODEV -> "the kernel does not know that file system type: load its module first";
            case ENOENT -> "the device or mount point does not exist";
            case EBUSY -> "it is already mounted or in use";
            case EINVAL -> "not a valid file system of that type, or bad mount options";
            case EACCES, EROFS -> "the device is read-only: mount it read-only";
            case EPERM -> "mounting needs root (CAP_SYS_ADMIN)";
            default -> null;
        };
    }

    static String module(int errno) {
        Errno e = Errno.of(errno);
        if (e == null) return null;
        return switch (e) {
            case ENOEXEC -> "not a module for this kernel (wrong version or architecture)";
            case EEXIST -> "already loaded";
            case ENOENT -> "a symbol it needs is missing: load its dependencies first";
            case EKEYREJECTED, ENOKEY -> "the module's signature was not accepted by this kernel";
            case EPERM -> "loading modules needs root, and may be disabled (kernel.modules_disabled)";
            default -> null;
        };
    }

    static String reboot(int errno) {
        return Errno.of(errno) == Errno.EPERM ? "rebooting needs root (CAP_SYS_BOOT)" : null;
    }
}
