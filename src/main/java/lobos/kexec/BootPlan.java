package lobos.kexec;

import java.nio.file.Path;
import java.util.List;

/**
 * What will be loaded, after every check that can be made without touching the kernel.
 *
 * @param kernel      the kernel file handed to kexec_file_load
 * @param description what the kernel is ("Linux 6.1.0-56-amd64, bzImage protocol 2.15")
 * @param initrds     in load order; several are concatenated into one
 * @param cmdline     the command line the new kernel gets
 * @param warnings    things the user should know that do not stop the boot
 */
public record BootPlan(Path kernel, String description, List<Path> initrds, String cmdline, List<String> warnings) {
    public BootPlan {
        initrds = List.copyOf(initrds);
        warnings = List.copyOf(warnings);
    }
}
