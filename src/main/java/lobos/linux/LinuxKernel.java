package lobos.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real kernel, through FFM: libc's {@code syscall()} for the calls glibc does not wrap
 * (or wraps differently), libc functions for the rest. errno is captured right after each
 * call, before the JVM can overwrite it.
 */
public final class LinuxKernel implements Kernel {
    private static final long REBOOT_MAGIC1 = 0xfee1deadL, REBOOT_MAGIC2 = 672274793L;
    private static final long KEXEC_FILE_UNLOAD = 1, KEXEC_FILE_NO_INITRAMFS = 4;
    private static final int O_RDONLY = 0, O_CLOEXEC = 0x80000;
    private static final int UTS_FIELD = 65;

    private static final Linker LINKER = Linker.nativeLinker();
    // Package-private with libc() and errno(): LinuxNetlinkSocket makes its calls the same way.
    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    // long syscall(long number, ...): every argument passed as a long, as the ABI expects.
    private static final MethodHandle SYSCALL = libc("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), ERRNO_OPTION);
    private static final MethodHandle OPEN = libc("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2),
            ERRNO_OPTION);
    private static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SYNC = libc("sync", FunctionDescriptor.ofVoid());
    private static final MethodHandle UNAME = libc("uname", FunctionDescriptor.of(JAVA_INT, ADDRESS), ERRNO_OPTION);
    private static final MethodHandle MEMFD_CREATE = libc("memfd_create",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO_OPTION);

    private final Arch arch;

    public LinuxKernel() {
        this(Arch.current());
    }

    LinuxKernel(Arch arch) {
        this.arch = arch;
    }

    static MethodHandle libc(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new IllegalStateException("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    @Override
    public Arch arch() {
        return arch;
    }

    @Override
    public Uname uname() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment buf = arena.allocate(UTS_FIELD * 6L);
            int rc = (int) UNAME.invokeExact(state, buf);
            if (rc != 0) throw new KernelException("uname", "", errno(state), null);
            return new Uname(field(buf, 0), field(buf, 1), field(buf, 2), field(buf, 3), field(buf, 4));
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("uname downcall failed", t);
        }
    }

    private static String field(MemorySegment buf, int index) {
        return buf.asSlice((long) index * UTS_FIELD, UTS_FIELD).getString(0, StandardCharsets.UTF_8);
    }

    @Override
    public void kexecFileLoad(Path kernel, Path initrd, String cmdline) {
        try (Arena arena = Arena.ofConfined()) {
            int kernelFd = open(arena, kernel);
            int initrdFd = -1;
            try {
                long flags = 0;
                if (initrd != null) {
                    initrdFd = open(arena, initrd);
                } else {
                    flags |= KEXEC_FILE_NO_INITRAMFS;
                }
                byte[] bytes = cmdline.getBytes(StandardCharsets.UTF_8);
                MemorySegment line = arena.allocate(bytes.length + 1L);
                line.copyFrom(MemorySegment.ofArray(bytes));
                // cmdline_len counts the terminating NUL, as the kernel requires.
                syscall(arena, "kexec_file_load", kernel.toString(), Hints::kexec, arch.kexecFileLoad,
                        kernelFd, initrdFd, bytes.length + 1L, line.address(), flags);
            } finally {
                close(kernelFd);
                if (initrdFd >= 0) close(initrdFd);
            }
        }
    }

    // --- kexec_load ---

    /** kexec_load's flags carry the image's architecture in bits 16-31: the ELF machine number. */
    private static final long KEXEC_ARCH_X86_64 = 62L << 16, KEXEC_ARCH_AARCH64 = 183L << 16;
    /** struct kexec_segment: void *buf; size_t bufsz; void *mem; size_t memsz. */
    private static final long SEGMENT_STRUCT_BYTES = 32;

    @Override
    public void kexecLoad(long entry, java.util.List<KexecSegment> segments) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment table = arena.allocate(SEGMENT_STRUCT_BYTES * Math.max(1, segments.size()), 8);
            for (int i = 0; i < segments.size(); i++) {
                KexecSegment s = segments.get(i);
                // The kernel copies every buffer during the call: they need to live only until it returns.
                // A file is mapped (the kernel reads it from the page cache); heap bytes are copied out.
                MemorySegment buf = switch (s.data()) {
                    case SegmentData.File f -> {
                        try (FileChannel channel = FileChannel.open(f.file())) {
                            yield channel.map(FileChannel.MapMode.READ_ONLY, 0, f.size(), arena);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    case SegmentData.Bytes b -> {
                        MemorySegment copy = arena.allocate(Math.max(1, b.bytes().length), 8);
                        MemorySegment.copy(b.bytes(), 0, copy, JAVA_BYTE, 0, b.bytes().length);
                        yield copy;
                    }
                };
                long at = i * SEGMENT_STRUCT_BYTES;
                table.set(JAVA_LONG, at, buf.address());
                table.set(JAVA_LONG, at + 8, s.data().size());
                table.set(JAVA_LONG, at + 16, s.address());
                table.set(JAVA_LONG, at + 24, s.memorySize());
            }
            long flags = arch == Arch.X86_64 ? KEXEC_ARCH_X86_64 : KEXEC_ARCH_AARCH64;
            syscall(arena, "kexec_load", "entry 0x" + Long.toHexString(entry), Hints::kexecLoad, arch.kexecLoad, entry,
                    segments.size(), table.address(), flags, 0);
        }
    }

    private static final MethodHandle KLOGCTL = libc("klogctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
            JAVA_INT), ERRNO_OPTION);
    private static final int SYSLOG_ACTION_READ_ALL = 3, SYSLOG_ACTION_SIZE_BUFFER = 10;

    @Override
    public String kernelLog() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int size = (int) KLOGCTL.invokeExact(state, SYSLOG_ACTION_SIZE_BUFFER, MemorySegment.NULL, 0);
            if (size < 0) throw new KernelException("klogctl", "size", errno(state), null);
            MemorySegment buf = arena.allocate(Math.max(1, size));
            int n = (int) KLOGCTL.invokeExact(state, SYSLOG_ACTION_READ_ALL, buf, size);
            if (n < 0) throw new KernelException("klogctl", "read all", errno(state), null);
            byte[] bytes = new byte[n];
            MemorySegment.copy(buf, JAVA_BYTE, 0, bytes, 0, n);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("klogctl downcall failed", t);
        }
    }

    // --- end of kexec_load ---

    @Override
    public void kexecUnload() {
        try (Arena arena = Arena.ofConfined()) {
            syscall(arena, "kexec_file_load", "(unload)", Hints::kexec, arch.kexecFileLoad, -1, -1, 0, 0,
                    KEXEC_FILE_UNLOAD);
        }
    }

    @Override
    public boolean kexecLoaded() {
        try {
            return Files.readString(Path.of("/sys/kernel/kexec_loaded")).strip().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void reboot(RebootCommand command) {
        try (Arena arena = Arena.ofConfined()) {
            syscall(arena, "reboot", command.name().toLowerCase(java.util.Locale.ROOT), Hints::reboot, arch.reboot,
                    REBOOT_MAGIC1, REBOOT_MAGIC2, command.value, 0, 0);
        }
    }

    @Override
    public void mount(String source, Path target, String type, long flags, String data) {
        try (Arena arena = Arena.ofConfined()) {
            syscall(arena, "mount", source + " on " + target + (type == null ? "" : " (" + type + ")"), Hints::mount,
                    arch.mount, cString(arena, source), cString(arena, target.toString()), cString(arena, type),
                    flags, cString(arena, data));
        }
    }

    @Override
    public void umount(Path target, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            syscall(arena, "umount", target.toString(), Hints::mount, arch.umount2, cString(arena, target.toString()),
                    flags, 0, 0, 0);
        }
    }

    @Override
    public void loadModule(Path module, String params) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = open(arena, module);
            try {
                syscall(arena, "finit_module", module.toString(), Hints::module, arch.finitModule, fd,
                        cString(arena, params == null ? "" : params), 0, 0, 0);
            } finally {
                close(fd);
            }
        }
    }

    @Override
    public NetlinkSocket openNetlink(int protocol, int groups) {
        return LinuxNetlinkSocket.open(protocol, groups);
    }

    @Override
    public void sync() {
        try {
            SYNC.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("sync downcall failed", t);
        }
    }

    @Override
    public Path memoryFile(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) MEMFD_CREATE.invokeExact(state, arena.allocateFrom(name), 0);
            if (fd < 0) throw new KernelException("memfd_create", name, errno(state), null);
            // Opening /proc/self/fd/N reopens the same in-memory file, for Java I/O and for the kernel.
            return Path.of("/proc/self/fd/" + fd);
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("memfd_create downcall failed", t);
        }
    }

    private static long cString(Arena arena, String s) {
        return s == null ? 0 : arena.allocateFrom(s).address();
    }

    private static int open(Arena arena, Path path) {
        MemorySegment state = arena.allocate(CAPTURE);
        try {
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) throw new KernelException("open", path.toString(), errno(state), null);
            return fd;
        } catch (KernelException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("open downcall failed", t);
        }
    }

    private static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close downcall failed", t);
        }
    }

    private interface HintFor {
        String hint(int errno);
    }

    private static void syscall(Arena arena, String call, String target, HintFor hints, long number, long a, long b,
            long c, long d, long e) {
        MemorySegment state = arena.allocate(CAPTURE);
        long rc;
        try {
            rc = (long) SYSCALL.invokeExact(state, number, a, b, c, d, e);
        } catch (Throwable t) {
            throw new IllegalStateException(call + " downcall failed", t);
        }
        if (rc == -1) {
            int errno = errno(state);
            throw new KernelException(call, target, errno, hints.hint(errno));
        }
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }
}
