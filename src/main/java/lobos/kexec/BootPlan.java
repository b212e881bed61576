package lobos.kexec;

import java.nio.file.Path;
import java.util.List;

/**
 * What will be loaded, after every check that can be made without touching the kernel: either
 * a file the kernel parses itself (kexec_file_load), or an image lobos lays out in segments and
 * enters through its own entry code (kexec_load).
 */
public sealed interface BootPlan {
    /** The kernel file. */
    Path kernel();

    /** What the kernel is ("Linux 6.1.0-56-amd64, bzImage protocol 2.15"). */
    String description();

    /** In load order; several are concatenated into one. */
    List<Path> initrds();

    /** The command line the new kernel gets. */
    String cmdline();

    /** Things the user should know that do not stop the boot. */
    List<String> warnings();

    /** The system call that loads it: "kexec_file_load" or "kexec_load". */
    String syscall();

    /**
     * A kernel handed to kexec_file_load, taken from {@code kernel} as {@code source} says.
     *
     * @param initrds for a UKI: the entry's initrds, which go after the UKI's own
     */
    record FileLoad(Path kernel, Source source, String description, List<Path> initrds, String cmdline,
                    List<String> warnings) implements BootPlan {
        public FileLoad {
            initrds = List.copyOf(initrds);
            warnings = List.copyOf(warnings);
        }

        /** A kernel file as it is. */
        public FileLoad(Path kernel, String description, List<Path> initrds, String cmdline, List<String> warnings) {
            this(kernel, Source.FILE, description, initrds, cmdline, warnings);
        }

        @Override
        public String syscall() {
            return "kexec_file_load";
        }
    }

    /** Where a {@link FileLoad}'s kernel comes from. */
    enum Source {
        /** The file is the kernel. */
        FILE,
        /**
         * The file wraps the kernel in a compression or an EFI zboot image; lobos decompresses it
         * into a memory file (the running kernel takes only the kernel inside).
         */
        DECOMPRESSED,
        /**
         * A unified kernel image, booted the way systemd-stub boots it: its .linux section is the
         * kernel, its .ucode and .initrd sections (in that order) go in front of the entry's own
         * initrds, and its .cmdline is the command line unless the entry gives one.
         */
        UKI
    }

    /**
     * A kernel laid out by lobos for kexec_load.
     *
     * @param format  how it is laid out and entered
     * @param modules Multiboot modules with their command lines
     */
    record SegmentLoad(Path kernel, Format format, String description, List<Path> initrds,
                       List<KernelRequest.Module> modules, String cmdline, List<String> warnings) implements BootPlan {
        public SegmentLoad {
            initrds = List.copyOf(initrds);
            modules = List.copyOf(modules);
            warnings = List.copyOf(warnings);
        }

        @Override
        public String syscall() {
            return "kexec_load";
        }
    }

    /** The layouts lobos can make. */
    enum Format {
        /** A bzImage's protected-mode code, entered at its 64-bit entry with a zero page. */
        BZIMAGE,
        /** An ELF vmlinux's PT_LOAD segments at their physical addresses, entered with a zero page. */
        VMLINUX,
        /** A Multiboot (v1) kernel, entered in 32-bit protected mode with EAX 0x2BADB002. */
        MULTIBOOT,
        /** A Multiboot2 kernel, entered in 32-bit protected mode with EAX 0x36D76289. */
        MULTIBOOT2
    }
}
