package lobos.linux;

/**
 * The errno values lobos meets, with their names (as in errno.h; the same numbers on x86_64
 * and arm64) and a plain description. Numbers lobos does not know keep their number.
 */
public enum Errno {
    EPERM(1, "operation not permitted"),
    ENOENT(2, "no such file or directory"),
    EINTR(4, "interrupted system call"),
    EIO(5, "input/output error"),
    ENXIO(6, "no such device or address"),
    E2BIG(7, "argument list too long"),
    ENOEXEC(8, "exec format error"),
    EBADF(9, "bad file descriptor"),
    EAGAIN(11, "resource temporarily unavailable"),
    ENOMEM(12, "out of memory"),
    EACCES(13, "permission denied"),
    EFAULT(14, "bad address"),
    ENOTBLK(15, "block device required"),
    EBUSY(16, "device or resource busy"),
    EEXIST(17, "file exists"),
    ENODEV(19, "no such device"),
    ENOTDIR(20, "not a directory"),
    EISDIR(21, "is a directory"),
    EINVAL(22, "invalid argument"),
    ETXTBSY(26, "text file busy"),
    EFBIG(27, "file too large"),
    ENOSPC(28, "no space left on device"),
    EROFS(30, "read-only file system"),
    ENAMETOOLONG(36, "file name too long"),
    ENOSYS(38, "function not implemented"),
    ELOOP(40, "too many levels of symbolic links"),
    EBADMSG(74, "bad message"),
    EOVERFLOW(75, "value too large for defined data type"),
    EMSGSIZE(90, "message too long"),
    EPROTONOSUPPORT(93, "protocol not supported"),
    EOPNOTSUPP(95, "operation not supported"),
    EAFNOSUPPORT(97, "address family not supported by protocol"),
    EADDRNOTAVAIL(99, "cannot assign requested address"),
    ENOBUFS(105, "no buffer space available"),
    ENOMEDIUM(123, "no medium found"),
    ENOKEY(126, "required key not available"),
    EKEYEXPIRED(127, "key has expired"),
    EKEYREJECTED(129, "key was rejected by service");

    public final int number;
    public final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** The errno with this number, or null if lobos does not know it. */
    public static Errno of(int number) {
        for (Errno e : values()) {
            if (e.number == number) return e;
        }
        return null;
    }

    /** "ENOEXEC (exec format error)", or "errno 200" for numbers lobos does not know. */
    public static String describe(int number) {
        Errno e = of(number);
        return e == null ? "errno " + number : e.name() + " (" + e.description + ")";
    }
}
