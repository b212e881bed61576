package lobos.kexec;

import java.nio.file.Path;
import java.util.List;

/**
 * What a boot entry asks for, with every path already a local file: the input of
 * {@link Planner#plan(KernelRequest)}. It carries what {@code lobos.config.BootEntry} carries
 * (its kind, initrds, modules with their arguments, command line) without depending on it.
 *
 * @param protocol how the kernel expects to be entered
 * @param initrds  Linux initrds, in load order (concatenated)
 * @param modules  Multiboot modules, in order, each with its own command line
 * @param syscall  which system call loads it
 */
public record KernelRequest(Path kernel, Protocol protocol, List<Path> initrds, List<Module> modules, String cmdline,
                            Syscall syscall) {
    public KernelRequest {
        initrds = List.copyOf(initrds);
        modules = List.copyOf(modules);
        if (cmdline == null) cmdline = "";
    }

    /** A Linux kernel with initrds, loaded the default way. */
    public static KernelRequest linux(Path kernel, List<Path> initrds, String cmdline) {
        return new KernelRequest(kernel, Protocol.LINUX, initrds, List.of(), cmdline, Syscall.AUTO);
    }

    public KernelRequest withSyscall(Syscall s) {
        return new KernelRequest(kernel, protocol, initrds, modules, cmdline, s);
    }

    /** How the kernel is entered; the entry's kind in the configs (GRUB linux, multiboot, multiboot2). */
    public enum Protocol {
        /** The Linux boot protocol; a file that turns out to be a Multiboot kernel is booted as one. */
        LINUX,
        MULTIBOOT,
        MULTIBOOT2
    }

    /** A Multiboot module: a file and the command line the kernel sees for it. */
    public record Module(Path file, String cmdline) {
        public Module {
            if (cmdline == null) cmdline = "";
        }
    }

    /** The system call that loads the kernel ({@code lobos boot --syscall}). */
    public enum Syscall {
        /** kexec_file_load for what it can take (a bzImage: signatures are checked under lockdown), kexec_load for the rest. */
        AUTO,
        /** kexec_file_load: the kernel parses the image itself. */
        FILE,
        /** kexec_load: lobos lays out the segments and enters through its own entry code. */
        LOAD
    }
}
